"""Plausibly wrong answers for exercise 06, one per autograded answer.

Each entry replaces one solution cell (by nbgrader grade_id) with a wrong answer a learner
might write; the pipeline test checks that the test cells named in ``loses`` score zero
and every other autograded cell keeps its full marks.
"""

WRONG_ANSWERS = {
    "own_behaviour": {
        # Swaps the weights (w on merit) and applies the members' formula to everyone, forgetting
        # that non-members are unobserved. Loses both parts; COMMON_MISTAKES has each slip alone.
        "source": ("def own_behaviour(merit, expressed, enrolled, w, s_def):\n"
                   "    return w * np.asarray(merit, float) + (1 - w) * np.asarray(expressed, float)\n"),
        "loses": ["test_own_behaviour_members", "test_own_behaviour_non_members"],
    },
    "peer_step": {
        # Sums friends' scores instead of averaging them (so a friendless person's term is 0, not
        # s_def) and puts beta on own behaviour: loses all three parts.
        "source": ("def peer_step(adjacency, u, s, beta, s_def):\n"
                   "    peer = np.asarray(adjacency, float) @ np.asarray(s, float)\n"
                   "    return beta * np.asarray(u, float) + (1 - beta) * peer\n"),
        "loses": ["test_peer_step_weight", "test_peer_step_mean", "test_peer_step_isolated"],
    },
    "pretending_share": {
        # Counts x = 1/2 as dissent, and has no answer for a society without dissenters (the mean
        # of nothing is nan).
        "source": ("def pretending_share(attitudes, expressed):\n"
                   "    x, y = np.asarray(attitudes, float), np.asarray(expressed, float)\n"
                   "    return float(np.mean(y[x <= 0.5]))\n"),
        "loses": ["test_pretending_share_dissenters", "test_pretending_share_none"],
    },
}


# The most common wrong answers, one slip each, and the cells each must lose: the visible checks
# catch each of them with a message that teaches.
COMMON_MISTAKES = {
    "own_behaviour": [
        {"idea": "forgets non-members", "loses": ["test_own_behaviour_non_members"],
         "source": ("def own_behaviour(merit, expressed, enrolled, w, s_def):\n"
                    "    return (1 - w) * np.asarray(merit, float) + w * np.asarray(expressed, float)\n")},
        {"idea": "non-members score 0 instead of s_def", "loses": ["test_own_behaviour_non_members"],
         "source": ("def own_behaviour(merit, expressed, enrolled, w, s_def):\n"
                    "    u = (1 - w) * np.asarray(merit, float) + w * np.asarray(expressed, float)\n"
                    "    return u * np.asarray(enrolled, float)\n")},
        {"idea": "~enrolled as 'not enrolled', which on 0/1 integers is -2 and -1 (indices), not False and True",
         "loses": ["test_own_behaviour_members", "test_own_behaviour_non_members"],
         "source": ("def own_behaviour(merit, expressed, enrolled, w, s_def):\n"
                    "    u = (1 - w) * merit + w * expressed\n"
                    "    u[~enrolled] = s_def\n"
                    "    return u\n")},
        {"idea": "swaps the weights (w on merit)", "loses": ["test_own_behaviour_members"],
         "source": ("def own_behaviour(merit, expressed, enrolled, w, s_def):\n"
                    "    u = w * np.asarray(merit, float) + (1 - w) * np.asarray(expressed, float)\n"
                    "    return np.where(np.asarray(enrolled, bool), u, s_def)\n")},
    ],
    "peer_step": [
        {"idea": "sums friends' scores instead of averaging", "loses": ["test_peer_step_mean"],
         "source": ("def peer_step(adjacency, u, s, beta, s_def):\n"
                    "    a = np.asarray(adjacency, float)\n"
                    "    peer = np.where(a.sum(axis=1) > 0, a @ s, s_def)\n"
                    "    return (1 - beta) * u + beta * peer\n")},
        {"idea": "divides by the degree without a case for no friends (0/0 = nan)", "loses": ["test_peer_step_isolated"],
         "source": ("def peer_step(adjacency, u, s, beta, s_def):\n"
                    "    a = np.asarray(adjacency, float)\n"
                    "    return (1 - beta) * u + beta * (a @ s) / a.sum(axis=1)\n")},
        {"idea": "beta on own behaviour instead of on friends", "loses": ["test_peer_step_weight"],
         "source": ("def peer_step(adjacency, u, s, beta, s_def):\n"
                    "    a = np.asarray(adjacency, float)\n"
                    "    d = a.sum(axis=1)\n"
                    "    peer = np.where(d > 0, (a @ s) / np.maximum(d, 1), s_def)\n"
                    "    return beta * u + (1 - beta) * peer\n")},
    ],
    "pretending_share": [
        {"idea": "divides by everyone (the falsification rate)", "loses": ["test_pretending_share_dissenters"],
         "source": ("def pretending_share(attitudes, expressed):\n"
                    "    x, y = np.asarray(attitudes, float), np.asarray(expressed, bool)\n"
                    "    return float(np.mean(y & (x < 0.5)))\n")},
        {"idea": "no case for a society without dissenters (nan)", "loses": ["test_pretending_share_none"],
         "source": ("def pretending_share(attitudes, expressed):\n"
                    "    x, y = np.asarray(attitudes, float), np.asarray(expressed, float)\n"
                    "    return float(np.mean(y[x < 0.5]))\n")},
        {"idea": "share of endorsers who dissent (the wrong way round)", "loses": ["test_pretending_share_dissenters"],
         "source": ("def pretending_share(attitudes, expressed):\n"
                    "    x, y = np.asarray(attitudes, float), np.asarray(expressed, bool)\n"
                    "    return float(np.mean(x[y] < 0.5)) if y.any() and (x < 0.5).any() else 0.0\n")},
    ],
}
