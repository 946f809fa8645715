"""Plausibly wrong answers for exercise 08, one per autograded answer.

Each entry replaces one solution cell (by nbgrader grade_id) with a wrong answer a learner
might write; the pipeline test checks that the test cells named in ``loses`` score zero
and every other autograded cell keeps its full marks.
"""

WRONG_ANSWERS = {
    "cascade": {
        # Walks along the list as if it were sorted and forgets to stop at its end: fails every
        # part (the end of a full cascade, an empty crowd, thresholds out of order).
        "source": ("def cascade(thresholds):\n"
                   "    joined = 0\n"
                   "    while thresholds[joined] <= joined:\n"
                   "        joined += 1\n"
                   "    return joined\n"),
        "loses": ["test_cascade_crowds", "test_cascade_no_start", "test_cascade_any_order"],
    },
    "tipping_point": {
        # Returns the delta with the highest final enrolment, whether or not it reaches one half.
        "source": ("def tipping_point(graph, deltas, seed):\n"
                   "    finals = [simulate(graph, SocialCreditParams(peer_weight=0.0, mandatoriness=d), 200, seed=seed,\n"
                   "                       keep_history=False).metrics['enrolment'].iloc[-1] for d in deltas]\n"
                   "    return deltas[int(np.argmax(finals))]\n"),
        "loses": ["test_tipping_point_smallest", "test_tipping_point_none"],
    },
}


# The most common wrong answers, one slip each, and the cells each must lose: the visible checks
# catch each with a message that teaches.
COMMON_MISTAKES = {
    "cascade": [
        {"idea": "counts everyone whose threshold is below the crowd size (no chain)",
         "loses": ["test_cascade_crowds", "test_cascade_no_start"],
         "source": ("def cascade(thresholds):\n"
                    "    t = np.asarray(thresholds, float)\n"
                    "    return int(np.sum(t < len(t)))\n")},
        {"idea": "assumes the thresholds are sorted", "loses": ["test_cascade_any_order"],
         "source": ("def cascade(thresholds):\n"
                    "    joined = 0\n"
                    "    for t in thresholds:\n"
                    "        if t > joined:\n"
                    "            break\n"
                    "        joined += 1\n"
                    "    return joined\n")},
        {"idea": "counts oneself among those already joined (threshold <= joined + 1)",
         "loses": ["test_cascade_crowds", "test_cascade_no_start"],
         "source": ("def cascade(thresholds):\n"
                    "    t, joined = np.asarray(thresholds, float), 0\n"
                    "    while int(np.sum(t <= joined + 1)) > joined:\n"
                    "        joined = int(np.sum(t <= joined + 1))\n"
                    "    return joined\n")},
    ],
    "tipping_point": [
        {"idea": "the delta with the highest enrolment (None only if it misses one half)",
         "loses": ["test_tipping_point_smallest"],
         "source": ("def tipping_point(graph, deltas, seed):\n"
                    "    finals = [simulate(graph, SocialCreditParams(peer_weight=0.0, mandatoriness=d), 200, seed=seed,\n"
                    "                       keep_history=False).metrics['enrolment'].iloc[-1] for d in deltas]\n"
                    "    best = int(np.argmax(finals))\n"
                    "    return deltas[best] if finals[best] >= 0.5 else None\n")},
        {"idea": "falls back to the last delta instead of None", "loses": ["test_tipping_point_none"],
         "source": ("def tipping_point(graph, deltas, seed):\n"
                    "    for d in deltas:\n"
                    "        run = simulate(graph, SocialCreditParams(peer_weight=0.0, mandatoriness=d), 200, seed=seed)\n"
                    "        if run.metrics['enrolment'].iloc[-1] >= 0.5:\n"
                    "            break\n"
                    "    return d\n")},
        {"idea": "keeps the default peer weight (friends' scores, hence exclusion, change who enrols): only the "
                 "hidden communities case tells, and its message names the peer weight",
         "loses": ["test_tipping_point_smallest"],
         "source": ("def tipping_point(graph, deltas, seed):\n"
                    "    for d in deltas:\n"
                    "        run = simulate(graph, SocialCreditParams(mandatoriness=d), 200, seed=seed, keep_history=False)\n"
                    "        if run.metrics['enrolment'].iloc[-1] >= 0.5:\n"
                    "            return d\n"
                    "    return None\n")},
    ],
}
