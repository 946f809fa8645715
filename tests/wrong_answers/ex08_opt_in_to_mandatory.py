"""Plausibly wrong answers for exercise 08, one per autograded answer.

Each entry replaces one solution cell (by nbgrader grade_id) with a wrong answer a learner
might write; the pipeline test checks that the test cells named in ``loses`` score zero
and every other autograded cell keeps its full marks.
"""

WRONG_ANSWERS = {
    "cascade": {
        # Counts everyone whose threshold is below the crowd size: ignores the chain of joining.
        "source": ("def cascade(thresholds):\n"
                   "    t = np.asarray(thresholds, float)\n"
                   "    return int(np.sum(t < len(t)))\n"),
        "loses": ["test_cascade"],
    },
    "tipping_point": {
        # Returns the delta with the highest enrolment instead of the first that reaches one half.
        "source": ("def tipping_point(graph, deltas, seed):\n"
                   "    finals = [simulate(graph, SocialCreditParams(peer_weight=0.0, mandatoriness=d), 200, seed=seed,\n"
                   "                       keep_history=False).metrics['enrolment'].iloc[-1] for d in deltas]\n"
                   "    best = int(np.argmax(finals))\n"
                   "    return deltas[best] if finals[best] >= 0.5 else None\n"),
        "loses": ["test_tipping_point"],
    },
}
