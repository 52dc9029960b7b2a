"""What people see: the capture pad, the story builder and the library view.

Each is a plain controller and a thin ipywidgets view over it; ``serve`` runs them as web
pages (Voilà) behind a token gate. Only the views need the ``notebook`` extra.
"""
