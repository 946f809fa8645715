"""IPython start-up for the kernels that execute the lessons for the course site (never for learners).

``site/build.py`` copies this file into a private IPython profile used only while the site builds.
It changes how outputs are *displayed*, never what the lessons compute:

- every plotly figure (``Figure`` or ``FigureWidget``) is shown as static HTML that draws with
  the site's own copy of plotly.js (no CDN), under a div id that depends only on the figure and
  its place in the notebook, so two builds give the same page;
- every ipywidgets display (a dashboard, a game) is shown as its starting state: the figures it
  holds, its controls' labels and values as text, and a line saying that the controls work when
  the notebook runs (``site/conf.py`` fills in the Binder and download links);
- widget comms are silent, so no widget state (with its random model ids) is saved in the
  executed notebook; widgets still work in Python, so dashboards redraw as in JupyterLab.
"""
from __future__ import annotations


def _install() -> None:
    import hashlib
    import html
    import json

    import comm

    # Widgets keep working in Python (traitlets, observe, redraw) but send nothing to a front end.
    comm.create_comm = lambda *args, **kwargs: comm.DummyComm(*args, **kwargs)

    import ipywidgets as widgets
    import plotly.graph_objects as go
    import plotly.io as pio
    from IPython import get_ipython
    from plotly.basedatatypes import BaseFigure
    from plotly.io._base_renderers import MimetypeRenderer

    counter = {"figures": 0}
    config = {"responsive": True, "displaylogo": False}

    def figure_html(fig) -> str:
        figure = go.Figure(fig)  # a copy: the learner's figure is left as it is
        for trace in figure.data:
            trace.uid = None  # FigureWidget gives each trace a random uid: the page would change at every run
        data = json.dumps(figure.to_plotly_json(), sort_keys=True, default=str)
        counter["figures"] += 1
        div_id = f"scored-figure-{counter['figures']}-{hashlib.sha256(data.encode()).hexdigest()[:10]}"
        body = pio.to_html(figure, include_plotlyjs=False, full_html=False, div_id=div_id, config=config,
                           validate=False)
        title = figure.layout.title.text or "figure"
        return f'<div class="scored-figure" role="figure" aria-label="{html.escape(title, quote=True)}">{body}</div>'

    def value_text(widget) -> str:
        value = widget.value
        if isinstance(value, float):
            fmt = getattr(widget, "readout_format", "") or ".2f"
            try:
                return format(value, fmt)
            except ValueError:
                return f"{value:g}"
        if isinstance(value, tuple):
            return " to ".join(str(v) for v in value)
        return str(value)

    def output_html(out: widgets.Output) -> str:
        parts = []
        for item in out.outputs:
            if item.get("output_type") == "stream":
                parts.append(f"<pre>{html.escape(item.get('text', ''))}</pre>")
            else:
                data = item.get("data", {})
                if "text/html" in data:
                    parts.append(data["text/html"])
                elif "text/plain" in data:
                    parts.append(f"<pre>{html.escape(data['text/plain'])}</pre>")
        return "".join(parts)

    def static_html(widget, found: dict) -> str:
        if isinstance(widget, go.FigureWidget):
            found["figures"] += 1
            return figure_html(widget)
        if isinstance(widget, widgets.Box):
            return "".join(static_html(child, found) for child in widget.children)
        if isinstance(widget, (widgets.HTML, widgets.HTMLMath)):
            return widget.value
        if isinstance(widget, widgets.Label):
            return f"<p>{html.escape(str(widget.value))}</p>"
        if isinstance(widget, widgets.Output):
            return output_html(widget)
        if isinstance(widget, widgets.Button):
            return ""
        if isinstance(widget, widgets.ValueWidget) and hasattr(widget, "value"):
            found["controls"] += 1
            label = html.escape(getattr(widget, "description", "") or "setting")
            return (f'<p class="scored-control"><span class="scored-control-label">{label}</span>: '
                    f'<strong>{html.escape(value_text(widget))}</strong></p>')
        found["other"] += 1
        return ""

    def widget_bundle(widget, include=None, exclude=None):
        if isinstance(widget, BaseFigure):
            return {"text/html": figure_html(widget), "text/plain": f"<{type(widget).__name__}>"}
        found = {"figures": 0, "controls": 0, "other": 0}
        body = static_html(widget, found)
        if found["controls"] or found["other"]:
            if found["controls"]:
                lead = ("<strong>An interactive dashboard, shown in its starting state.</strong> Its settings are "
                        "listed as text; the sliders move the figures when you run the notebook: ")
            else:
                lead = ("<strong>An interactive part of the lesson, shown in its starting state.</strong> "
                        "It responds when you run the notebook: ")
            body = (f'<p class="scored-static-note">{lead}<span class="scored-run-links">download it and run it '
                    'with <code>python3 course.py lab</code></span>.</p>'
                    + body)
        return {"text/html": f'<div class="scored-widget">{body}</div>', "text/plain": f"<{type(widget).__name__}>"}

    formatter = get_ipython().display_formatter.mimebundle_formatter
    formatter.for_type(widgets.Widget, widget_bundle)
    formatter.for_type(BaseFigure, widget_bundle)

    class SiteRenderer(MimetypeRenderer):
        """``fig.show()`` on the site: the same static HTML as a displayed figure."""

        def to_mimebundle(self, fig_dict):
            return {"text/html": figure_html(go.Figure(fig_dict))}

    pio.renderers["scored_site"] = SiteRenderer()
    pio.renderers.default = "scored_site"


_install()
del _install
