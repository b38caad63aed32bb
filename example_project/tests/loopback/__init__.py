"""Settings for serving the example on loopback in the browser tests."""
