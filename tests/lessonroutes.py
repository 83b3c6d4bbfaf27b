"""Open a lesson the ways a user reaches it (the home list, the command line)
with PyTorch in a given state (idle, loading, ready, failed): the states are
forced on the app, so that each one is met on open whatever the machine's
speed. Used by the lessons that train or wait for PyTorch when they open."""

from __future__ import annotations

from apptools import make_app, settled, wait_for

STATES = ["idle", "loading", "ready", "failed"]
ROUTES = ["home", "command line"]
FORCED_ERROR = "ImportError: No module named 'torch' (forced by the test)"


def force_torch(app, state: str) -> None:
    """Put the app's PyTorch in ``state`` without a loading worker: "loading"
    stays until the test calls ``app._torch_ready``."""
    if state == "idle":
        return
    if state == "ready":
        app.device_name = "cpu"  # (PyTorch is imported: the tests' conftest did it)
    if state == "failed":
        app.torch_error = FORCED_ERROR
    app.torch_status = state


def app_for(key: str, route: str, state: str, **settings):
    """An app that will show ``key`` by ``route`` with PyTorch ``state`` at
    the moment the lesson opens. "idle": the app preloads PyTorch as a user's
    does (from the lesson's mount: nothing loaded it before)."""
    command_line = route == "command line"
    app = make_app(key if command_line else None, preload_torch=command_line and state == "idle", **settings)
    if command_line:
        force_torch(app, state)
    return app


async def reach(pilot, app, key: str, route: str, state: str, screen_class):
    """Bring ``key``'s screen up by ``route`` (home: arrow keys down the list,
    Enter), PyTorch in ``state`` at that moment; returns the screen."""
    if route == "home":
        await settled(pilot)  # the home screen
        if state == "idle":
            app.settings.preload_torch = True  # a user's app: the lesson asks for PyTorch once painted
        else:
            force_torch(app, state)
        menu = app.screen.menu
        for _ in range(len(menu.items)):
            if menu.current.key == key:
                break
            await pilot.press("down")
        assert menu.current.key == key
        await pilot.press("enter")
    from tui.widgets.explain import ExplanationPanel

    def shown() -> bool:  # mounted and painted (not "ready": loading or failed may never be)
        screen = app.screen
        return isinstance(screen, screen_class) and all(p.filled for p in screen.query(ExplanationPanel))

    await wait_for(pilot, shown, what=f"the {key} screen")
    await pilot.pause()
    return app.screen
