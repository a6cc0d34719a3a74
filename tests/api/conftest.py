"""Markers of the API tests."""


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "slow: seeds the demo and sends hundreds of requests (deselect: -m 'not slow')"
    )
