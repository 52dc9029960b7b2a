"""The communications team's view over the library of events."""
