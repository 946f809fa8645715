"""The board for the course's turn-based games: action buttons, a status panel, figures, a reveal.

A game engine (a pure model of the game) keeps the state; the board only shows it and turns
clicks into moves. Buttons are ordinary HTML buttons, so they work by keyboard (Tab to a
button, Enter or Space to press it). The status is a live region (``role="status"``), so a
screen reader reads each new day or round; each figure has one sentence of text under it
that the game rewrites after every move. Errors from the engine (a move that is not allowed)
are shown in the status, never as a broken state. Buttons for moves that are not allowed now
are disabled. A game with phases (a plan before the first move, say) can hide the moves of the
other phase (``shown``) and relabel its buttons as the state changes (``labels``), e.g. to state
on each button what it earns and costs today.
"""
from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence

import ipywidgets as widgets

__all__ = ["TurnBoard"]


class TurnBoard:
    """A turn-based game on screen.

    Parameters
    ----------
    title : str
        Shown above the game.
    actions : sequence of (name, label, tooltip)
        One button per move; pressing it calls ``play(name)``.
    play : callable(name)
        Makes the move in the engine; raises ValueError for a move that is not allowed.
    allowed : callable() -> collection of names
        Moves open now (the others are disabled).
    status : callable() -> str
        HTML of the status panel (escape any text that is not markup).
    reveal : callable() -> str
        HTML shown once ``finished()`` is true.
    finished : callable() -> bool
    restart : callable()
    figures : sequence of plotly FigureWidget
    redraw : callable() -> sequence of str, optional
        Updates the figures; returns one sentence per figure saying what it shows.
    extra : sequence of widgets, optional
        More controls read by ``play`` (e.g. tick boxes), rebuilt by ``refresh_extra``.
    refresh_extra : callable() -> list of widgets, optional
    labels : callable() -> mapping of name to (label, tooltip), optional
        The buttons' current labels and tooltips, read at every refresh (moves it leaves out keep theirs).
    shown : callable() -> collection of names, optional
        Moves whose buttons are on screen now; the others are hidden (all are shown by default).
    rows : sequence of sequences of names, optional
        The buttons laid out in these rows, in this order (each row wraps); by default one row of all.
        The restart button ends the last row.

    Examples
    --------
    >>> moves = []
    >>> board = TurnBoard(title="Count", actions=[("up", "Add one", "add one")], play=moves.append,
    ...                   allowed=lambda: ("up",) if len(moves) < 2 else (), status=lambda: f"{len(moves)}",
    ...                   reveal=lambda: "done", finished=lambda: len(moves) >= 2, restart=moves.clear)
    >>> board.press("up"); board.press("up"); moves, board.buttons["up"].disabled, board.revealed.value
    (['up', 'up'], True, 'done')
    >>> board.press("up"); board.last_error
    'That move is not open now.'

    Buttons can change their labels, sit in rows, and be hidden when a move belongs to another phase of the game:

    >>> phase = ["plan"]
    >>> board = TurnBoard(title="Two phases", actions=[("go", "Go", "start"), ("up", "Add", "add one")],
    ...                   play=lambda name: phase.append(name), allowed=lambda: ("go", "up"), status=lambda: "",
    ...                   reveal=lambda: "", finished=lambda: False, restart=phase.clear,
    ...                   labels=lambda: {"up": (f"Add ({len(phase)} so far)", "add one more")},
    ...                   shown=lambda: ("go",) if len(phase) == 1 else ("up",), rows=[["go"], ["up"]])
    >>> board.buttons["up"].layout.display, board.buttons["go"].layout.display
    ('none', None)
    >>> board.press("go"); board.buttons["up"].description, board.buttons["go"].layout.display
    ('Add (2 so far)', 'none')
    >>> len(board.widget.children[3].children), len(board.widget.children[4].children)   # go; up and restart
    (1, 2)
    """

    def __init__(self, *, title: str, actions: Sequence[tuple[str, str, str]], play: Callable[[str], None],
                 allowed: Callable[[], object], status: Callable[[], str], reveal: Callable[[], str],
                 finished: Callable[[], bool], restart: Callable[[], None], figures: Sequence = (),
                 redraw: Callable[[], Sequence[str]] | None = None,
                 refresh_extra: Callable[[], list] | None = None,
                 labels: Callable[[], Mapping[str, tuple[str, str]]] | None = None,
                 shown: Callable[[], object] | None = None, rows: Sequence[Sequence[str]] | None = None):
        self._play, self._allowed, self._status, self._reveal = play, allowed, status, reveal
        self._finished, self._restart, self._redraw, self._refresh_extra = finished, restart, redraw, refresh_extra
        self._labels, self._shown = labels, shown
        self.figures = list(figures)
        self.last_error: str | None = None
        self.buttons = {}
        for name, label, tooltip in actions:
            button = widgets.Button(description=label, tooltip=tooltip, layout=widgets.Layout(width="auto"))
            button.add_class("scored-move")
            button.on_click(lambda _button, name=name: self.press(name))
            self.buttons[name] = button
        self.restart_button = widgets.Button(description="Start again", tooltip="Restart the game from day one",
                                             layout=widgets.Layout(width="auto"))
        self.restart_button.add_class("scored-restart")
        self.restart_button.on_click(lambda _button: self.restart())
        self.status = widgets.HTML()
        self.extra = widgets.VBox()
        self.sentences = [widgets.HTML() for _ in self.figures]
        self.revealed = widgets.HTML()
        plots = [widgets.VBox([fig, sentence]) for fig, sentence in zip(self.figures, self.sentences)]
        rows = [list(row) for row in rows] if rows is not None else [list(self.buttons)]
        unplaced = set(self.buttons).difference(*rows)
        if unplaced or sum(map(len, rows)) != len(self.buttons):
            raise ValueError(f"rows must place every move once; left out or repeated: {sorted(unplaced) or rows}")
        lines = [widgets.HBox([self.buttons[name] for name in row] + ([self.restart_button] if i == len(rows) - 1
                                                                        else []),
                              layout=widgets.Layout(flex_flow="row wrap")) for i, row in enumerate(rows)]
        self.widget = widgets.VBox([widgets.HTML(f"<h3>{html.escape(title)}</h3>"), self.status, self.extra,
                                    *lines, *plots, self.revealed])
        self.refresh()

    def press(self, name: str) -> None:
        """Make a move as a click would (also what the browser's buttons call)."""
        self.last_error = None
        if name not in self.buttons or name not in self._allowed():
            self.last_error = "That move is not open now."
        else:
            try:
                self._play(name)
            except ValueError as error:
                self.last_error = str(error)
        self.refresh()

    def restart(self) -> None:
        self.last_error = None
        self._restart()
        self.refresh()

    def refresh(self) -> None:
        """Redraw everything from the engine's state."""
        open_now = set(self._allowed())
        on_screen = set(self.buttons if self._shown is None else self._shown())
        labels = {} if self._labels is None else self._labels()
        for name, button in self.buttons.items():
            button.disabled = name not in open_now
            button.layout.display = None if name in on_screen else "none"
            if name in labels:
                button.description, button.tooltip = labels[name]
        note = f"<p><strong>Not allowed:</strong> {html.escape(self.last_error)}</p>" if self.last_error else ""
        self.status.value = f'<div role="status" aria-live="polite">{self._status()}{note}</div>'
        if self._refresh_extra is not None:
            self.extra.children = tuple(self._refresh_extra())
        if self._redraw is not None:
            for sentence, text in zip(self.sentences, self._redraw()):
                sentence.value = f"<p>{html.escape(text)}</p>"
        self.revealed.value = self._reveal() if self._finished() else ""

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)
