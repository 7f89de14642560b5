"""Streamlit glue shared by the pages: cached store access, the sidebar, modes and formatting."""
