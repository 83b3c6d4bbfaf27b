"""Navigation when the app was started on a lesson (`nn-explorer fold`):
that lesson is the bottom screen, never pushed (start-up: home is not
painted first). Esc, the palette and open_lesson must still work."""

from __future__ import annotations

from apptools import make_app, settled, wait_for
from tui.screens.fold import FoldScreen
from tui.screens.home import HomeScreen


async def test_escape_from_a_lesson_opened_on_the_command_line_goes_home():
    app = make_app("fold", preload_torch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert len(app.screen_stack) == 1
        await pilot.press("enter")  # and a lesson opens from there
        await pilot.pause()
        assert isinstance(app.screen, FoldScreen)


async def test_opening_a_lesson_over_a_lesson_opened_on_the_command_line():
    app = make_app("fold", preload_torch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        first = app.screen
        app.open_lesson("fold")
        await settled(pilot)
        assert isinstance(app.screen, FoldScreen) and app.screen is not first
        assert len(app.screen_stack) == 1
        app.go_home()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_palette_closed_while_its_search_still_updates_does_not_crash():
    """The palette's search worker can update the list after Esc closed the
    palette (found by the monkey test: NoMatches, and the app exited). Here the
    worker's update is made by hand after closing, which raised before."""
    from textual.command import CommandList

    from tui.commands import SafeCommandPalette

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        palette = app.screen
        assert isinstance(palette, SafeCommandPalette)
        await pilot.press("l")
        await wait_for(pilot, lambda: palette._list_visible, what="the palette's results")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not palette
        palette._refresh_command_list(CommandList(), [], True)  # what the worker does 0.25 s later
        assert not palette._list_visible
        await pilot.pause()
        assert app.return_code is None and app.is_running


async def test_page_keys_in_a_palette_whose_list_has_no_rows_do_not_crash():
    """PageUp/PageDown in the palette when its list has no rows on screen (a
    tiny terminal, found by the monkey test) raised KeyError in Textual's
    OptionList. Here the list is squeezed to no rows by hand; it raised before."""
    from textual.command import CommandList

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p", "l")
        palette = app.screen
        await wait_for(pilot, lambda: palette._list_visible, what="the palette's results")
        command_list = palette.query_one(CommandList)
        command_list.styles.max_height = 0
        await pilot.pause()
        assert not command_list.scrollable_content_region and command_list.highlighted == 0
        await pilot.press("pageup", "pagedown")
        await pilot.pause()
        assert app.is_running and app.screen is palette
        command_list.styles.max_height = None  # with rows again, the keys page as before
        await pilot.pause()
        await pilot.press("pagedown")
        await pilot.pause()
        assert app.is_running and command_list.highlighted is not None
