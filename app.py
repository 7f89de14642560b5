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
        "Uppföljning": [
            st.Page(
                "pages/oversikt.py",
                title="Översikt",
                icon=":material/dashboard:",
                default=True,
            ),
        ],
    }
)
st.session_state["selection"] = shell.render_sidebar()
shell.render_local_mode_notice()
navigation.run()
