"""The ``parambot`` command: the REPL, ``ask``, ``batch`` and ``discord``.

Exit status (design.md): 0 answered, 2 not understood or invalid input, 1 an internal
fault. Imports stay lazy so that the first answer comes quickly: nothing from discord.py,
readline only for an interactive session.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from functools import cache
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from ..engine.answer import Answer
    from ..engine.core import Framework

EXIT_OK, EXIT_FAULT, EXIT_INVALID = 0, 1, 2

FRAMEWORK_ALIASES: dict[str, Framework] = {
    "keras": "keras",
    "tf.keras": "keras",
    "tensorflow": "keras",
    "tf": "keras",
    "pytorch": "pytorch",
    "torch": "pytorch",
}

USAGE = """\
usage: parambot [--framework keras|pytorch] [--json]    start the REPL (or answer stdin lines)
       parambot ask [--framework F] [--json] TEXT...    answer one question
       parambot ask [--framework F] [--json] -          read one question from stdin
       parambot batch [--framework F]                   JSON lines in, JSON lines out
       parambot discord                                 run the Discord bot
       parambot --version

Exit status: 0 answered, 2 not understood or invalid input, 1 internal fault.
Set NO_COLOR to turn colour off; PARAMBOT_DEBUG=1 shows tracebacks of internal faults."""

EXAMPLES = """\
Ask in words or paste code, for example:
  params for bidirectional LSTM 128 units input 28
  conv2d 32 filters 3x3 on 28x28x1
  dense 784 -> 128 -> 10
  pytorch lstm input 28 hidden 128 2 layers bidirectional
  lstm 256 vs bilstm 128 input 28
  embedding vocab 10k dim 300
  nn.Conv2d(3, 64, kernel_size=3, padding=1)
  resnet50 params

Paste code as it is: a ``` fence runs until the closing ```, and pasted Python
(imports, assignments, open brackets, lines ending in ':' or '\\') runs until an
empty line. The whole block is one question.

Commands:
  :framework keras|pytorch   default framework for this session (words in the
                             question, like nn.LSTM or tf.keras, still win)
  :json                      show answers as JSON (again to switch back)
  help                       this text
  exit, quit, Ctrl-D         leave; Ctrl-C cancels a half-typed question"""


class UsageError(Exception):
    """Bad command-line arguments: reported with the usage, exit status 2."""


def parse_framework(value: str | None, what: str = "--framework") -> Framework | None:
    if value is None:
        return None
    fw = FRAMEWORK_ALIASES.get(value.strip().lower())
    if fw is None:
        raise UsageError(f"{what} must be keras or pytorch, not {value!r}")
    return fw


# -- answering ---------------------------------------------------------------------------


def _ask(question: str, framework: Framework | None, default: Framework) -> Answer:
    return _service().ask(question, framework=framework, default=default)


# The answering modules, imported on first use (``--help`` needs none of them) and then
# kept: an import statement in a function costs microseconds per call, and batch answers
# thousands of questions.
@cache
def _service() -> Any:
    from . import service

    return service


@cache
def _json_out() -> Any:
    from . import render_json

    return render_json


def _fault_text(exc: BaseException) -> str:
    return f"internal error: {type(exc).__name__}: {exc}"


def _report_fault(exc: BaseException, err: TextIO) -> None:
    """A short message on stderr; the traceback only when PARAMBOT_DEBUG is set."""
    if os.environ.get("PARAMBOT_DEBUG"):
        import traceback

        traceback.print_exception(exc, file=err)
    print(f"parambot: {_fault_text(exc)}", file=err)
    if not os.environ.get("PARAMBOT_DEBUG"):
        print("parambot: this is a bug in parambot; set PARAMBOT_DEBUG=1 for the traceback",
              file=err)
    err.flush()


def _render_text(answer: Answer, stream: TextIO) -> str:
    from .render_terminal import render, wants_colour

    return render(answer, colour=wants_colour(stream))


# -- parambot ask --------------------------------------------------------------------------


def cmd_ask(args: list[str], default: Framework) -> int:
    framework: Framework | None = None
    as_json = False
    words: list[str] = []
    it = iter(args)
    for arg in it:
        if arg == "--":
            words.extend(it)  # everything after -- is the question, dashes and all
        elif arg in ("-j", "--json"):
            as_json = True
        elif arg in ("-f", "--framework"):
            framework = parse_framework(next(it, None) or "")
        elif arg.startswith("--framework="):
            framework = parse_framework(arg.split("=", 1)[1])
        elif arg in ("-h", "--help"):
            print(USAGE)
            return EXIT_OK
        elif arg.startswith("-") and arg != "-" and not _is_number(arg):
            raise UsageError(f"parambot ask: unknown option {arg!r} (put -- before a "
                             "question that starts with a dash)")
        else:
            words.append(arg)
    if words == ["-"]:
        question = sys.stdin.read()
    elif not words:
        raise UsageError("parambot ask: give a question, or - to read it from standard input")
    else:
        question = " ".join(words)

    try:
        answer = _ask(question, framework, default)
    except Exception as exc:
        if as_json:
            from .render_json import dumps, failure_object

            print(dumps(failure_object(_fault_text(exc), question=question,
                                       framework=framework or default), pretty=True))
        _report_fault(exc, sys.stderr)
        return EXIT_FAULT
    if as_json:
        from .render_json import render as render_json

        print(render_json(answer, pretty=True))
    elif answer.ok:
        print(_render_text(answer, sys.stdout))
    else:
        print(_render_text(answer, sys.stderr), file=sys.stderr)
    return EXIT_OK if answer.ok else EXIT_INVALID


def _is_number(arg: str) -> bool:
    """``-5`` in ``parambot ask dense -5 units`` is part of the question, not an option."""
    return arg[1:2].isdigit()


# -- parambot batch ------------------------------------------------------------------------


def cmd_batch(args: list[str], default: Framework) -> int:
    framework: Framework | None = None
    it = iter(args)
    for arg in it:
        if arg in ("-f", "--framework"):
            framework = parse_framework(next(it, None) or "")
        elif arg.startswith("--framework="):
            framework = parse_framework(arg.split("=", 1)[1])
        elif arg in ("-h", "--help"):
            print(USAGE)
            return EXIT_OK
        else:
            raise UsageError(f"parambot batch: unexpected argument {arg!r} (questions come "
                             "from standard input, one JSON object per line)")
    status = EXIT_OK
    dumps = _json_out().dumps
    out = sys.stdout
    more_waiting = _input_waiting(sys.stdin)
    for lineno, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        obj, line_status = batch_line(line, lineno, framework, default)
        out.write(dumps(obj) + "\n")
        if not more_waiting():
            out.flush()
        status = max(status, line_status, key=_severity)
    out.flush()
    return status


def _input_waiting(stream: TextIO) -> Callable[[], bool]:
    """Whether more input can be read without waiting. Batch flushes its answers only
    before a read that could wait: a program that writes a question and waits for its
    answer gets it at once, and answers to a file of questions go out in large writes
    instead of one system call a line. A regular file never waits; a pipe or terminal is
    asked with select; where that can't be asked (Windows pipes, a stream with no file
    descriptor), every answer is flushed."""
    import select
    import stat

    try:
        fd = stream.fileno()
        if stat.S_ISREG(os.fstat(fd).st_mode):
            return lambda: True
    except (AttributeError, OSError, ValueError):
        return lambda: False

    def waiting() -> bool:
        try:
            return bool(select.select([fd], [], [], 0)[0])
        except (OSError, ValueError):
            return False

    return waiting


def _severity(status: int) -> int:
    return {EXIT_OK: 0, EXIT_INVALID: 1, EXIT_FAULT: 2}[status]


def batch_line(
    line: str, lineno: int, framework: Framework | None, default: Framework
) -> tuple[dict[str, Any], int]:
    """One batch input line -> (answer object with its ``id``, exit status for it)."""
    import json  # (already loaded: an absolute import of a module is cheap, unlike `from`)

    rj = _json_out()
    answer_object, failure_object = rj.answer_object, rj.failure_object
    fw_default: Framework = framework or default
    try:
        req = json.loads(line)
    except json.JSONDecodeError as exc:
        return failure_object(
            f"line {lineno} is not valid JSON ({exc.msg} at column {exc.colno}); each line "
            'must be an object like {"id": 1, "question": "dense 10 on 784"}',
            question=None, framework=fw_default, id=None,
        ), EXIT_INVALID
    if not isinstance(req, dict):
        return failure_object(
            f"line {lineno} is a JSON {_json_kind(req)}, not an object; each line must be an "
            'object like {"id": 1, "question": "dense 10 on 784"}',
            question=None, framework=fw_default, id=None,
        ), EXIT_INVALID
    ident = req.get("id")
    question = req.get("question")
    line_fw = req.get("framework")
    if line_fw is not None:
        if not isinstance(line_fw, str) or line_fw.strip().lower() not in FRAMEWORK_ALIASES:
            return failure_object(
                f'line {lineno}: "framework" must be "keras" or "pytorch", not '
                f"{json.dumps(line_fw)}",
                question=question if isinstance(question, str) else None,
                framework=fw_default, expected=("keras", "pytorch"), id=ident,
            ), EXIT_INVALID
        framework = FRAMEWORK_ALIASES[line_fw.strip().lower()]
    if not isinstance(question, str):
        what = "has no \"question\"" if question is None else (
            f'has a "question" that is a JSON {_json_kind(question)}, not a string')
        return failure_object(
            f"line {lineno} {what}; each line must be an object like "
            '{"id": 1, "question": "dense 10 on 784"}',
            question=None, framework=framework or default, id=ident,
        ), EXIT_INVALID
    try:
        answer = _ask(question, framework, default)
    except Exception as exc:
        _report_fault(exc, sys.stderr)
        return failure_object(_fault_text(exc), question=question,
                              framework=framework or default, id=ident), EXIT_FAULT
    return answer_object(answer, id=ident), EXIT_OK if answer.ok else EXIT_INVALID


def _json_kind(value: object) -> str:
    if isinstance(value, list):
        return "array"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "null" if value is None else "object"


# -- the REPL ------------------------------------------------------------------------------


class Session:
    """One REPL session: the default framework, the output form, and the questions'
    combined exit status (for piped input)."""

    def __init__(self, default: Framework, as_json: bool, out: TextIO) -> None:
        self.default: Framework = default
        self.as_json = as_json
        self.out = out
        self.status = EXIT_OK
        self.leave = False

    def command(self, text: str) -> bool:
        """Handle a REPL command; False when ``text`` is a question."""
        words = text.strip().split()
        if not words or "\n" in text.strip():
            return False
        head = words[0].lower()
        if head in ("exit", "quit", ":q", ":quit", ":exit") and len(words) == 1:
            self.leave = True
            return True
        if head in ("help", "?", ":help", ":h") and len(words) == 1:
            self._print(EXAMPLES)
            return True
        if head in (":framework", ":fw", ":f"):
            if len(words) == 1:
                self._print(f"default framework: {self.default}")
                return True
            try:
                fw = parse_framework(words[1], ":framework")
            except UsageError as exc:
                self._print(str(exc))
                self.status = max(self.status, EXIT_INVALID, key=_severity)
                return True
            assert fw is not None
            self.default = fw
            self._print(f"default framework: {fw}")
            return True
        if head == ":json" and len(words) == 1:
            self.as_json = not self.as_json
            self._print("answers as JSON" if self.as_json else "answers as text")
            return True
        if head.startswith(":") and head[1:].isalpha():
            self._print(f"unknown command {head}; type help for the commands")
            return True
        return False

    def answer(self, question: str) -> None:
        try:
            answer = _ask(question, None, self.default)
        except Exception as exc:
            _report_fault(exc, sys.stderr)
            self.status = max(self.status, EXIT_FAULT, key=_severity)
            return
        if not answer.ok:
            self.status = max(self.status, EXIT_INVALID, key=_severity)
        if self.as_json:
            from .render_json import render as render_json

            self._print(render_json(answer, pretty=False))
        else:
            self._print(_render_text(answer, self.out))

    def _print(self, text: str) -> None:
        print(text, file=self.out)
        self.out.flush()

    def handle(self, text: str, echo: bool) -> None:
        if self.command(text):
            return
        if echo:
            lines = text.splitlines()
            head = f"» {lines[0]}"
            if len(lines) > 1:
                head += f"  … ({len(lines)} lines)"
            self._print(head)
        self.answer(text)
        if echo:
            self._print("")


def run_piped(session: Session, lines: Iterable[str]) -> int:
    """Answer standard input that is not a terminal: each line, or block, is a question."""
    from .paste import Collector

    collector = Collector()
    for line in lines:
        for question in collector.feed(line, more_pending=True):
            session.handle(question, echo=True)
            if session.leave:
                return session.status
    for question in collector.finish():
        session.handle(question, echo=True)
    return session.status


def history_path() -> str:
    """Where the REPL keeps its history between runs (the user's data directory)."""
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(
        os.path.expanduser("~"), ".local", "share"
    )
    return os.path.join(base, "parambot", "history")


def _input_pending(timeout: float = 0.03) -> bool:
    """More typed or pasted input already waiting (a paste still arriving)?"""
    import select

    try:
        ready, _, _ = select.select([sys.stdin], [], [], timeout)
    except (OSError, ValueError):
        return False
    return bool(ready)


def run_interactive(session: Session, read: Callable[[str], str] = input) -> int:
    from .paste import Collector

    hist = _setup_readline()
    version = _version()
    colour_head = _render_banner(session.out)
    session._print(
        colour_head(f"parambot {version}")
        + " · exact parameter counts as Keras 3 and PyTorch report them\n"
        f"Ask a question or paste code; help for examples, Ctrl-D to leave. "
        f"Default framework: {session.default} (:framework pytorch to change)."
    )
    collector = Collector()
    try:
        while not session.leave:
            prompt = "... " if collector.pending else "parambot> "
            try:
                text = read(prompt)
            except KeyboardInterrupt:
                collector = Collector()
                session._print("")
                continue
            except EOFError:
                session._print("")
                for question in collector.finish():
                    session.handle(question, echo=False)
                break
            # a bracketed paste arrives as one string with newlines inside
            parts = text.split("\n")
            for i, part in enumerate(parts):
                more = i < len(parts) - 1 or _input_pending()
                for question in collector.feed(part, more_pending=more):
                    session.handle(question, echo=False)
                    if session.leave:
                        break
                if session.leave:
                    break
    finally:
        if hist is not None:
            _save_history(hist)
    return EXIT_OK


def _render_banner(stream: TextIO) -> Callable[[str], str]:
    from .render_terminal import Style, wants_colour

    return Style(wants_colour(stream)).head


def _setup_readline() -> Any:
    """Line editing and a history file kept between runs; None when unavailable."""
    try:
        import readline
    except ImportError:  # Windows without pyreadline: plain input() still works
        return None
    path = history_path()
    try:
        readline.read_history_file(path)
    except (OSError, UnicodeDecodeError):
        pass
    readline.set_history_length(2000)
    return (readline, path)


def _save_history(hist: Any) -> None:
    readline, path = hist
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        readline.write_history_file(path)
    except OSError:
        pass  # a read-only home is no reason to fail on the way out


def cmd_repl(args: list[str], default: Framework) -> int:
    as_json = False
    it = iter(args)
    for arg in it:
        if arg in ("-j", "--json"):
            as_json = True
        elif arg in ("-f", "--framework"):
            default = parse_framework(next(it, None) or "") or default
        elif arg.startswith("--framework="):
            default = parse_framework(arg.split("=", 1)[1]) or default
        else:
            raise UsageError(f"parambot: unknown argument {arg!r}")
    session = Session(default, as_json, sys.stdout)
    if sys.stdin is None:  # started with standard input closed
        return run_piped(session, [])
    if sys.stdin.isatty():
        return run_interactive(session)
    return run_piped(session, sys.stdin)


# -- parambot discord ----------------------------------------------------------------------


def cmd_discord(args: list[str]) -> int:
    """Hand over to the Discord front end, imported only now (discord.py is heavy)."""
    import importlib

    try:
        discord_app = importlib.import_module(f"{__package__ or 'parambot.bot'}.discord_app")
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.split(".")[0] in ("discord", "aiohttp"):
            print("parambot: the Discord bot needs discord.py: pip install 'discord.py>=2.4'",
                  file=sys.stderr)
            return EXIT_FAULT
        if exc.name and exc.name.endswith(".discord_app"):
            print("parambot: this installation has no Discord front end "
                  "(parambot.bot.discord_app is missing)", file=sys.stderr)
            return EXIT_FAULT
        raise
    sys.argv = ["parambot discord", *args]
    result = discord_app.main(args)
    return result if isinstance(result, int) else EXIT_OK


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("parambot")
    except PackageNotFoundError:
        return "(not installed)"


# -- entry point ---------------------------------------------------------------------------


def run(argv: list[str]) -> int:
    default: Framework = "keras"
    if not argv:
        return cmd_repl([], default)
    cmd, rest = argv[0], argv[1:]
    if cmd == "ask":
        return cmd_ask(rest, default)
    if cmd == "batch":
        return cmd_batch(rest, default)
    if cmd == "discord":
        return cmd_discord(rest)
    if cmd in ("repl", "shell"):
        return cmd_repl(rest, default)
    if cmd in ("-h", "--help", "help"):
        print(USAGE)
        print()
        print(EXAMPLES)
        return EXIT_OK
    if cmd in ("-V", "--version", "version"):
        print(f"parambot {_version()}")
        return EXIT_OK
    if cmd.startswith("-"):
        return cmd_repl(argv, default)
    raise UsageError(
        f"parambot: unknown command {cmd!r}; to ask a question: parambot ask {' '.join(argv)}"
    )


def _quiet_streams() -> None:
    """Never crash on a character the terminal's encoding cannot show (≈, ×, box lines)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    reconfigure = getattr(sys.stdin, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="replace")


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point; returns the exit status."""
    args = sys.argv[1:] if argv is None else argv
    try:
        _quiet_streams()
        return run(args)
    except UsageError as exc:
        print(exc, file=sys.stderr)
        print("(parambot --help for the usage)", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (`parambot batch | head`): nothing left to say to it
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAULT
    except Exception as exc:
        _report_fault(exc, sys.stderr)
        return EXIT_FAULT


if __name__ == "__main__":
    sys.exit(main())
