"""Start grading processes without an import that grading never uses.

Measured here (``benchmarks/bench_grading.py --profile``): importing ``rfc3987_syntax`` builds a
parser for a grammar and takes 0.8-1.4 s on a quiet core, up to 5 s on a busy one. jsonschema imports it to check
the ``iri`` and ``iri-reference`` string formats, and jsonschema is imported by nbformat, which
plotly imports the first time a notebook displays a figure (``plotly.io._renderers``) and every
nbgrader process imports at start. Nothing in grading checks those two formats: nbformat
validates notebooks with its own schema, which uses neither. So the grading kernel and the
pool's nbgrader processes start with the module marked absent (``sys.modules[name] = None``:
``import`` then raises ImportError, which jsonschema expects when the optional package is
missing). Student code, hidden tests and what they check are unchanged.

Standard library only: :mod:`grader.execute` and :mod:`grader.pool` build command lines with it.
"""
from __future__ import annotations

__all__ = ["SKIPPED_IMPORTS", "kernel_command", "python_module_command"]

SKIPPED_IMPORTS = ("rfc3987_syntax",)


def python_module_command(python: str, module: str, args: list[str], options: list[str] = ()) -> list[str]:
    """``python [options] -m module args``, started with :data:`SKIPPED_IMPORTS` marked absent.

    Examples
    --------
    >>> cmd = python_module_command("/env/bin/python", "ipykernel_launcher", ["-f", "k.json"])
    >>> cmd[0], cmd[1], cmd[-2:]
    ('/env/bin/python', '-c', ['-f', 'k.json'])
    >>> "sys.modules.update(dict.fromkeys(('rfc3987_syntax',)))" in cmd[2]
    True
    """
    code = (f"import sys; sys.modules.update(dict.fromkeys({SKIPPED_IMPORTS!r})); "
            f"import runpy; runpy.run_module({module!r}, run_name='__main__', alter_sys=True)")
    return [python, *options, "-c", code, *args]


def kernel_command(command: list[str]) -> list[str]:
    """A kernelspec's ``python [options] -m ipykernel_launcher ...`` started the same way (its
    interpreter options, such as ``-Xfrozen_modules=off``, kept); any other command unchanged.

    Examples
    --------
    >>> kernel_command(["/env/bin/python", "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "k.json"])[:3]
    ['/env/bin/python', '-Xfrozen_modules=off', '-c']
    >>> kernel_command(["/usr/bin/R", "--slave"])
    ['/usr/bin/R', '--slave']
    """
    for index in range(1, len(command) - 1):
        if command[index] == "-m" and command[index + 1] == "ipykernel_launcher":
            if all(arg.startswith("-") and arg != "-c" for arg in command[1:index]):
                return python_module_command(command[0], "ipykernel_launcher", command[index + 2:], command[1:index])
            break
    return list(command)
