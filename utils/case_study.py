"""Data and figures for the case study (lesson 05, exercise 05): Sesame Credit and the 2016 post.

Everything here comes from the course's fact base (``reference/sesame-credit-facts.md`` in the
authors' notes); each timeline event carries the address it rests on. Dates that the fact base
gives only to the month or the year are marked with their precision and drawn as such, never
made more exact than the source.

The verdicts on the blog post's claims are deliberately *not* in this module: deciding them is
the learners' work in exercise 05.
"""
from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from .core.figures import PALETTE, new_figure
from .core.checks import check_integer

__all__ = [
    "SESAME_RANGE",
    "PERK_THRESHOLDS",
    "VERDICT_LABELS",
    "POST_CLAIMS",
    "TRACKS",
    "TIMELINE",
    "timeline_table",
    "timeline_figure",
    "perk_ladder_figure",
]

#: Published range of the Sesame (Zhima) Credit score (China Internet Watch; Huxiu, 2015).
SESAME_RANGE = (350, 950)

#: Documented commercial perks with a stated "score of N or more" threshold, lowest first:
#: (threshold, perk, year reported or None, source addresses). The fact base lists the sources
#: of the perk examples together; where it does not say which one carries a perk, every
#: candidate is given. The ofo perk's address is China Daily's own page (21 March 2017), not the
#: mirror of its 16 March article that the fact base lists. The 2015 hotel and car-hire perk is reported as "above 600" and is left
#: out so that every threshold here reads "N or more".
PERK_THRESHOLDS = (
    (600, "deposit-free Suzhou public bikes", None,
     ("http://english.suzhou.gov.cn/fw/shfw/ggzxc/201611/t20161123_821138.shtml",)),
    (650, "deposit-free ofo bikes", 2017,
     ("http://www.chinadaily.com.cn/cndy/2017-03/21/content_28622085.htm",)),
    (750, "Beijing airport fast lane (reportedly ended by the central bank)", None,
     ("http://www.atelier.net/en/trends/articles/how-much-credit-score-you-got_433611",
      "https://dose.com/articles/china-wants-to-give-its-citizens-scores-based-on-how-good-they-are/")),
)

#: The four verdicts a claim can get in the course's source critique.
VERDICT_LABELS = ("true", "false", "misleading", "unverified")

#: The 2016 blog post's claims, summarised in the course's own words. Claims 4 and 5 each
#: bundle two checkable statements, so they are split into parts (a) and (b).
POST_CLAIMS = {
    "1": "Tencent built Sesame Credit together with the Chinese government.",
    "2": "Posting criticism of the government lowers the score; praising it raises the score.",
    "3": "High scorers get rewards, and low scorers may be punished.",
    "4a": "Your friends' scores pull yours up or down, so a low scorer drags their friends down.",
    "4b": "A coming feature will let you look up your friends' scores.",
    "5a": "For now, joining is voluntary (opt-in).",
    "5b": "In 2020 the score becomes compulsory for everyone.",
}

#: Strands of the story, in the order they are drawn from top to bottom.
TRACKS = (
    "State: social credit policy",
    "Regulator and licensed bureaus",
    "Sesame / Ant Group",
    "Media, NGOs and research",
)

_TRACK_STYLE = {  # colour (Okabe–Ito) and marker shape, so no strand relies on colour alone
    TRACKS[0]: (PALETTE[5], "square"),
    TRACKS[1]: (PALETTE[0], "diamond"),
    TRACKS[2]: (PALETTE[2], "circle"),
    TRACKS[3]: (PALETTE[3], "triangle-up"),
}

_CLT_OUTLINE = "http://www.chinalawtranslate.com/socialcreditsystem/?lang=en"
_CLT_49 = ("https://www.chinalawtranslate.com/en/%E5%85%B3%E4%BA%8E%E8%BF%9B%E4%B8%80%E6%AD%A5%E5%AE%8C"
           "%E5%96%84%E5%A4%B1%E4%BF%A1%E7%BA%A6%E6%9D%9F%E5%88%B6%E5%BA%A6%E6%9E%84%E5%BB%BA%E8%AF%9A"
           "%E4%BF%A1%E5%BB%BA%E8%AE%BE%E9%95%BF%E6%95%88%E6%9C%BA/")
_MIT_2022 = ("https://www.technologyreview.com/2022/11/22/1063605/"
             "china-announced-a-new-social-credit-law-what-does-it-mean")

#: Events from 2014 to 2024: (year, month or None, day or None, track index, label, source).
#: A missing day or month means the fact base gives the date only to the month or the year.
TIMELINE = (
    (2014, 6, 14, 0, "Planning Outline for a Social Credit System (2014–2020)", _CLT_OUTLINE),
    (2015, 1, 5, 1, "PBOC tells eight firms to prepare for personal credit reporting",
     "https://www.chinabankingnews.com/2017/04/24/personal-credit-ratings-run-aground-lack-qualified-institutions/"),
    (2015, 1, 27, 2, "Sesame Credit beta launches in Alipay (27–28 Jan)",
     "https://stockhouse.com/news/press-releases/2015/01/27/ant-financial-unveils-china-s-first-credit-scoring-system-using-online-data"),
    (2015, 10, 5, 3, "ACLU blog post on 'citizen scores'",
     "https://www.aclu.org/blog/privacy-technology/consumer-privacy/chinas-nightmarish-citizen-scores-are-warning-americans"),
    (2015, 10, 8, 3, "Tech in Asia rebuttal: 'three different things'",
     "https://defence.pk/threads/the-limit-on-government-power-in-china-or-is-there-any.401762/page-2"),
    (2015, 12, None, 3, "Extra Credits video (about mid-December; exact date unverified)",
     "https://inagamerslife.wordpress.com/2015/12/18/latest-extra-credits-puts-me-on-thought/"),
    (2016, None, None, 3, "The student blog post examined in lesson 05", None),
    (2016, 5, 30, 0, "State Council opinions on joint rewards and punishments (Guofa No. 33)",
     "https://www.chinalawtranslate.com/en/public-opinion-response/"),
    (2017, 4, None, 1, "PBOC: none of the eight firms meets the standards",
     "https://www.chinabankingnews.com/2017/04/24/personal-credit-ratings-run-aground-lack-qualified-institutions/"),
    (2017, 7, None, 1, "Reuters: the licensing plan is shelved",
     "http://uk.reuters.com/article/ant-financial-credit-idUKL3N1JO05W"),
    (2017, 12, None, 3, "MERICS: 'Central planning, local experiments'",
     "https://www.merics.org/en/report/central-planning-local-experiments"),
    (2018, 1, 3, 2, "Sesame apologises for a pre-ticked consent box",
     "http://english.china.com/news/business/56/20180105/1169617.html"),
    (2018, 1, 30, 1, "Tencent Credit beta launched, pulled about a day later",
     "https://www.caixinglobal.com/2018-02-01/tencent-pulls-credit-scoring-service-source-says-101206268.html"),
    (2018, 2, 22, 1, "Baihang Credit licensed (each pilot firm holds 8%)",
     "http://english.www.gov.cn/state_council/ministries/2018/02/24/content_281476057149182.htm"),
    (2019, 7, 29, 3, "Wired: 'How the West Got China's Social Credit System Wrong'",
     "https://www.wired.com/story/china-social-credit-score-system/"),
    (2020, None, None, 0, "The Outline's 2020 target year passes; no national score",
     _MIT_2022),
    (2020, 12, None, 0, "Guobanfa No. 49 limits blacklisting to what laws provide", _CLT_49),
    (2020, 12, None, 1, "Pudao Credit licensed",
     "http://m.keyanhelp.cn/business/2024-11/12/content_117540419.htm"),
    (2021, None, None, 2, "WSJ: Zhima now an Alipay loyalty programme",
     "https://libertarianhub.com/2021/06/23/ant-group-forced-to-spearhead-chinas-new-national-credit-scoring-system/"),
    (2021, 11, None, 2, "Ant's joint venture Qiantang Credit applies for a licence",
     "https://mcdn.i-scmp.com/business/banking-finance/article/3157557/ant-group-applies-chinas-central-bank-set-personal-credit"),
    (2022, 11, 14, 0, "Draft Social Credit law published", _MIT_2022),
    (2024, 11, 11, 1, "Qiantang Credit (Ant Group 35%) licensed",
     "http://m.keyanhelp.cn/business/2024-11/12/content_117540419.htm"),
)


def _event_date(year: int, month: int | None, day: int | None) -> date:
    """Where an event is drawn: a month-only date at mid-month, a year-only date at mid-year."""
    if month is None:
        return date(year, 7, 1)
    return date(year, month, day if day is not None else 15)


def timeline_table(start_year: int = 2014, end_year: int = 2024) -> pd.DataFrame:
    """The case-study timeline as a table, one row per event, oldest first.

    Parameters
    ----------
    start_year, end_year : int
        First and last year to include, between 2014 and 2024.

    Returns
    -------
    pandas.DataFrame
        Columns ``date`` (as printed: day, month or year precision), ``strand``, ``event``
        and ``source`` (an address, or an empty string for the anonymous blog post).

    Examples
    --------
    >>> table = timeline_table(2014, 2015)
    >>> table["date"].tolist()[:3]
    ['2014-06-14', '2015-01-05', '2015-01-27']
    >>> timeline_table(2020, 2019)
    Traceback (most recent call last):
    ...
    ValueError: end_year must be between 2020 and 2024, got 2019
    """
    start_year = check_integer("start_year", start_year, 2014, 2024)
    end_year = check_integer("end_year", end_year, start_year, 2024)
    rows = []
    for year, month, day, track, label, source in TIMELINE:
        if not start_year <= year <= end_year:
            continue
        shown = f"{year}" if month is None else (f"{year}-{month:02d}" if day is None else f"{year}-{month:02d}-{day:02d}")
        rows.append({"date": shown, "strand": TRACKS[track], "event": label, "source": source or "",
                     "_sort": _event_date(year, month, day)})
    table = pd.DataFrame(rows, columns=["date", "strand", "event", "source", "_sort"])
    return table.sort_values("_sort", kind="stable").drop(columns="_sort").reset_index(drop=True)


def timeline_figure(start_year: int = 2014, end_year: int = 2024, *, widget: bool = False):
    """A swim-lane timeline of the case: one row per strand of the story, one marker per event.

    Each strand has its own Okabe–Ito colour *and* marker shape. Events dated only to the month
    or the year are drawn hollow, at mid-month or mid-year; hovering shows the event, its date
    as the source gives it, and its source. The 2020 target year of the 2014 Outline is shaded.

    Parameters
    ----------
    start_year, end_year : int
        First and last year shown, between 2014 and 2024.
    widget : bool
        Return a ``FigureWidget`` (True) or a plain ``Figure`` (False, the default).

    Returns
    -------
    plotly.graph_objects.Figure or FigureWidget

    Examples
    --------
    >>> fig = timeline_figure()
    >>> fig.layout.xaxis.title.text, fig.layout.yaxis.title.text
    ('date (year)', 'strand of the story')
    >>> sum(len(trace.x) for trace in fig.data) == len(timeline_table())
    True
    """
    table = timeline_table(start_year, end_year)
    fig = new_figure(f"Sesame Credit and social credit in China, {table['date'].str[:4].min()}–{end_year}",
                     "date (year)", "strand of the story", widget=widget, height=460)
    dated = [(row, _parse(row["date"])) for _, row in table.iterrows()]
    for lane, track in enumerate(TRACKS):
        events = [(row, when, exact) for row, (when, exact) in dated if row["strand"] == track]
        if not events:
            continue
        colour, symbol = _TRACK_STYLE[track]
        symbols = [symbol if exact else f"{symbol}-open" for _, _, exact in events]
        hover = [f"<b>{row['event']}</b><br>{row['date']}<br>{row['source'] or 'anonymous student blog'}"
                 for row, _, _ in events]
        fig.add_trace(go.Scatter(
            x=[when for _, when, _ in events], y=[track] * len(events), mode="markers", name=track,
            marker={"color": colour, "symbol": symbols, "size": 15, "line": {"width": 2, "color": colour}},
            hovertext=hover, hoverinfo="text"))
    if start_year <= 2020 <= end_year:
        fig.add_vrect(x0="2020-01-01", x1="2020-12-31", fillcolor="#999999", opacity=0.15, line_width=0,
                      annotation_text="Outline's 2020 target", annotation_position="top left")
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(TRACKS)))
    fig.update_xaxes(range=[f"{start_year - 1}-10-01", f"{end_year + 1}-03-01"], dtick="M12", tickformat="%Y")
    fig.update_layout(showlegend=False, margin={"l": 230, "r": 20, "t": 60, "b": 50})
    return fig


def _parse(shown: str) -> tuple[date, bool]:
    """(where to draw, whether the source gives the exact day) for a date string of the table."""
    parts = [int(p) for p in shown.split("-")]
    return _event_date(*(parts + [None] * (3 - len(parts)))), len(parts) == 3


def perk_ladder_figure(score: int | None = None, *, widget: bool = False):
    """The published 350–950 range cut at the documented perk thresholds.

    Each band is labelled (at its left end) with how many documented perks a score in it
    reaches (the y-axis, "perks"), and the thresholds are annotated with the perk they unlock.

    Parameters
    ----------
    score : int or None
        Optionally, a score (350–950) to mark on the range with a black cross.
    widget : bool
        Return a ``FigureWidget`` (True) or a plain ``Figure`` (False, the default).

    Returns
    -------
    plotly.graph_objects.Figure or FigureWidget

    Examples
    --------
    >>> fig = perk_ladder_figure(700)
    >>> fig.layout.xaxis.range
    (350, 950)
    >>> [trace.name for trace in fig.data]
    ['350–600', '600–650', '650–750', '750–950', 'marked score']
    >>> perk_ladder_figure(1000)
    Traceback (most recent call last):
    ...
    ValueError: score must be between 350 and 950, got 1000
    """
    low, high = SESAME_RANGE
    if score is not None:
        score = check_integer("score", score, low, high)
    fig = new_figure("Sesame Credit: published range and documented perk thresholds",
                     "Sesame Credit score (points)", "perks", widget=widget, height=320)
    cuts = [low] + [threshold for threshold, *_ in PERK_THRESHOLDS] + [high]
    colours = ("#DDDDDD", PALETTE[4], PALETTE[0], PALETTE[2])
    for count, (a, b) in enumerate(zip(cuts[:-1], cuts[1:])):
        label = f"{count} documented perk" + ("" if count == 1 else "s")
        fig.add_trace(go.Bar(x=[b - a], y=["range"], base=[a], orientation="h", name=f"{a}–{b}",
                             marker={"color": colours[count], "line": {"color": "white", "width": 2}},
                             text=[f"{count}"], textposition="inside", insidetextanchor="start",
                             textfont={"size": 16, "color": "black"},
                             hovertext=f"{a}–{b}: {label}", hoverinfo="text"))
    for threshold, perk, year, _ in PERK_THRESHOLDS:
        text = f"{threshold}: {perk}" + (f" ({year})" if year else "")
        fig.add_annotation(x=threshold, y=1.0, yref="paper", text=text.replace(" (reportedly", "<br>(reportedly"),
                           showarrow=False, textangle=-15, xanchor="left", yanchor="bottom", font={"size": 11})
    if score is not None:
        fig.add_trace(go.Scatter(x=[score], y=["range"], mode="markers", name="marked score",
                                 marker={"symbol": "x", "size": 18, "color": "black"},
                                 hovertext=f"score {score}", hoverinfo="text"))
    fig.update_xaxes(range=(low, high), dtick=50)
    fig.update_yaxes(showticklabels=False)
    fig.update_layout(barmode="overlay", showlegend=False, margin={"l": 60, "r": 40, "t": 170, "b": 50})
    return fig
