"""Start-up discipline: models/ never imports Textual; the app's start-up path
never imports torch (it takes seconds); the CLI's bad-input paths stay light."""

import subprocess
import sys


def loaded_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys\nprint(' '.join(sys.modules))"],
                         capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_models_do_not_import_textual():
    from pathlib import Path

    root = Path(__file__).parents[1] / "models"
    names = sorted(".".join(p.relative_to(root).with_suffix("").parts).removesuffix(".__init__")
                   for p in root.rglob("*.py") if p != root / "__init__.py")
    assert {"fold", "fold.datasets", "fold.network", "fold.training", "fold.batched", "claims"} <= set(names)
    mods = loaded_after("import " + ", ".join(f"models.{n}" for n in names))
    assert "torch" in mods  # sanity: the probe sees what was imported
    assert not any(m == "textual" or m.startswith("textual.") for m in mods)


def test_app_module_does_not_import_torch():
    mods = loaded_after("import tui.app, tui.cli")
    assert "textual.app" in mods
    assert "torch" not in mods
    assert "numpy" not in mods  # the home screen needs neither


def test_home_screen_does_not_import_torch():
    code = (
        "import asyncio\n"
        "from tui.app import NNExplorer, Settings\n"
        "async def main():\n"
        "    app = NNExplorer(None, Settings(preload_torch=False))\n"
        "    async with app.run_test(size=(80, 24)) as pilot:\n"
        "        await pilot.pause()\n"
        "        assert type(app.screen).__name__ == 'HomeScreen'\n"
        "asyncio.run(main())\n"
    )
    assert "torch" not in loaded_after(code)


def test_fold_screen_draws_without_torch():
    """The fold lesson paints its network before PyTorch has been imported."""
    code = (
        "import asyncio\n"
        "from tui.app import NNExplorer, Settings\n"
        "async def main():\n"
        "    app = NNExplorer('fold', Settings(preload_torch=False))\n"
        "    async with app.run_test(size=(100, 30)) as pilot:\n"
        "        await pilot.pause()\n"
        "        assert app.screen.view is not None\n"
        "        assert '⠀' not in app.screen.plot.plain_text()\n"
        "        assert any(0x2801 <= ord(c) <= 0x28FF for c in app.screen.plot.plain_text())\n"
        "asyncio.run(main())\n"
    )
    assert "torch" not in loaded_after(code)


def test_fold_paints_its_frame_before_numpy_is_imported():
    """``nn-explorer fold`` paints its frame (title, explanation, footer, a
    "computing" plot) first and computes the network after it: the first
    frame needs no numpy (~50 ms of imports; issue 14's first paint ≤ 1.3×).
    The screen's first computation runs after that first refresh; numpy must
    not be loaded before it, and must be once the plot is drawn."""
    code = (
        "import asyncio, sys\n"
        "from tui.app import NNExplorer, Settings\n"
        "from tui.screens.fold import FoldScreen\n"
        "seen = []\n"
        "load = FoldScreen.load_network\n"
        "def spy(self):\n"
        "    seen.append('numpy' in sys.modules)\n"
        "    load(self)\n"
        "FoldScreen.load_network = spy\n"
        "async def main():\n"
        "    app = NNExplorer('fold', Settings(preload_torch=False))\n"
        "    async with app.run_test(size=(100, 30)) as pilot:\n"
        "        await pilot.pause()\n"
        "        assert app.screen.view is not None\n"
        "        assert any(0x2801 <= ord(c) <= 0x28FF for c in app.screen.plot.plain_text())\n"
        "    print('numpy-at-first-compute', seen)\n"
        "asyncio.run(main())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "numpy-at-first-compute [False]" in out, out
    assert "numpy" in loaded_after(code)  # sanity: drawing the plot did import it


def test_fold_screen_module_does_not_import_numpy():
    mods = loaded_after("import tui.screens.fold, tui.scenes.fold, tui.canvas, tui.widgets.lines, models.fold.shipped")
    assert "tui.screens.fold" in mods
    assert "numpy" not in mods
