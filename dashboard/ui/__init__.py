"""The page layer: Streamlit widgets that call the core. Only this package and app.py
import Streamlit."""
