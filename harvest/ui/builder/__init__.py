"""The facilitator's story builder: a plain controller and its ipywidgets view."""
