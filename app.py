"""Samverkan's entry point: page config, the mode check, navigation and the shared sidebar."""

import streamlit as st

from samverkan.web import auth, shell

st.set_page_config(
    page_title="Samverkan",
    # An emoji: the browser draws it itself. A :material/…: icon is fetched from Google's
    # fonts server on every page view, which a page of the kommun's must not do.
    page_icon="🤝",
    layout="wide",
    initial_sidebar_state="auto",
)
shell.refuse_unsafe_mode()
shell.prepare_store()

# Each role sees its own pages (samverkan/access.py); before login the menu is hidden.
navigation = auth.navigation(
    {
        "Läget": [
            st.Page(
                "pages/oversikt.py",
                title="Översikt",
                icon=":material/dashboard:",
                default=True,
            ),
            st.Page(
                "pages/jamforelse.py",
                title="Jämförelse",
                icon=":material/table_chart:",
                url_path="jamforelse",
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
            st.Page(
                "pages/forandringar.py",
                title="Förändringar",
                icon=":material/compare_arrows:",
                url_path="forandringar",
            ),
            st.Page(
                "pages/trygghet.py",
                title="Trygghet och mål",
                icon=":material/health_and_safety:",
                url_path="trygghet",
            ),
            st.Page(
                "pages/medborgarloften.py",
                title="Medborgarlöften",
                icon=":material/campaign:",
                url_path="medborgarloften",
            ),
            st.Page(
                "pages/moteslage.py",
                title="Mötesläge",
                icon=":material/co_present:",
                url_path="moteslage",
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
                "pages/overenskommelse.py",
                title="Överenskommelse",
                icon=":material/contract_edit:",
                url_path="overenskommelse",
            ),
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
            st.Page(
                "pages/rapporter.py",
                title="Rapporter",
                icon=":material/summarize:",
                url_path="rapporter",
            ),
        ],
    }
)
with shell.errors_as_sentences():
    auth.require_login()
    shell.remember_selection(shell.render_sidebar())
    auth.render_account()
    shell.render_local_mode_notice()
    shell.render_address_notice()
    navigation.run()
