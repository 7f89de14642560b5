"""Samverkan's entry point: page config, the mode check, navigation and the shared sidebar."""

import streamlit as st

from samverkan.web import shell

st.set_page_config(
    page_title="Samverkan",
    page_icon=":material/handshake:",
    layout="wide",
    initial_sidebar_state="auto",
)
shell.refuse_unsafe_mode()
shell.prepare_store()

navigation = st.navigation(
    {
        "Läget": [
            st.Page(
                "pages/oversikt.py",
                title="Översikt",
                icon=":material/dashboard:",
                default=True,
            ),
            st.Page(
                "pages/fokusomrade.py",
                title="Fokusområde",
                icon=":material/target:",
                url_path="fokusomrade",
            ),
            st.Page(
                "pages/forsenade.py",
                title="Försenade åtaganden",
                icon=":material/schedule:",
                url_path="forsenade",
            ),
        ],
        "Kommunpolis": [
            st.Page(
                "pages/snabbkoll.py",
                title="Snabbkoll",
                icon=":material/smartphone:",
                url_path="snabbkoll",
            ),
        ],
        "Samordnare": [
            st.Page(
                "pages/ladda_upp.py",
                title="Ladda upp",
                icon=":material/upload_file:",
                url_path="ladda_upp",
            ),
            st.Page(
                "pages/historik.py",
                title="Historik",
                icon=":material/history:",
                url_path="historik",
            ),
        ],
    }
)
with shell.errors_as_sentences():
    shell.remember_selection(shell.render_sidebar())
    shell.render_local_mode_notice()
    shell.render_address_notice()
    navigation.run()
