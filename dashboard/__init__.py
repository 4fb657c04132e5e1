"""The Streamlit + Plotly dashboard: ``app.py`` lays out, ``data.py`` reads, ``charts.py`` draws."""
