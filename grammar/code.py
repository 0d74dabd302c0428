"""Reading pasted Keras / PyTorch code: a small, safe evaluator over the parse tree.

Nothing is executed: names, calls and arithmetic are interpreted against parambot's
layer catalogue. Anything outside the supported subset is refused by name.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from lark import Token, Tree

from ..engine.catalogue import lookup, make
from ..engine.core import Framework, Shape
from ..engine.errors import ParamError
from ..engine.model import LIST_CALLED, keras_auto_name, list_called_refusal
from ..engine.suggest import closest
from .spans import BRACKET_SCAN as _BRACKETS
from .spans import exact_start, first_pos, source_of
from .values import (
    BoundMethod,
    Ignored,
    LayerValue,
    ListMethod,
    ModelValue,
    Module,
    NamedModelValue,
    TensorValue,
)

if TYPE_CHECKING:  # imported when a functional model is read (it costs start-up time)
    from ..engine.functional import Graph, Nested

_ALIASES = {
    "nn": "torch.nn",
    "torch": "torch",
    "tf": "tensorflow",
    "tensorflow": "tensorflow",
    "keras": "keras",
    "layers": "keras.layers",
    "models": "keras.models",
    "torchvision": "torchvision",
    "transformers": "transformers",
    "regularizers": "keras.regularizers",
    "initializers": "keras.initializers",
    "constraints": "keras.constraints",
    "OrderedDict": "collections.OrderedDict",
    "collections": "collections",
}
#: Modules whose calls make values that change no count (``kernel_regularizer=
#: regularizers.l2(1e-4)``, ``keras.initializers.HeNormal()``, ``nn.init.zeros_(...)``).
_NO_COUNT_MODULES = frozenset({"regularizers", "initializers", "constraints", "activations",
                               "init"})
_CONSTANTS: dict[str, object] = {"True": True, "False": False, "None": None}
#: What ``Evaluator._name_value`` returns for a name that stands for nothing it knows.
_UNKNOWN = object()


@dataclass(frozen=True)
class NamedLayers:
    """``OrderedDict([("conv1", nn.Conv2d(...)), ...])``: layers with the names to give
    their rows in an nn.Sequential."""

    pairs: tuple[tuple[str, LayerValue], ...]
_IGNORED_CALLS = {"print", "summary", "compile", "fit", "to", "cuda", "eval", "train",
                  "build", "count_params", "named_parameters", "parameters", "numel", "sum",
                  "len", "plot_model", "manual_seed", "set_seed", "device", "cpu"}
#: Methods of a list the paste builds, followed as Python runs them.
_LIST_METHODS = frozenset({"append", "extend"})
#: PyTorch module methods that return the module itself, its parameters unchanged.
_RETURNS_SELF = frozenset({"eval", "train", "to", "cuda", "cpu"})
_UNSUPPORTED_STARTS = {
    "for ": "a `for` loop",
    "while ": "a `while` loop",
    "def ": "a function definition (`def`)",
    "class ": "a class definition",
    "if ": "an `if` statement",
    "with ": "a `with` block",
    "try:": "a `try` block",
    "async ": "async code",
    "lambda": "a lambda",
}
_ACTIVATION_NAMES = {"relu", "sigmoid", "softmax", "tanh", "gelu", "elu", "selu", "swish",
                     "silu", "linear", "softplus", "mish", "leaky_relu", "hard_sigmoid"}
#: Expression trees deeper than this are refused (``1+1+...+1`` a thousand times).
MAX_DEPTH = 120
#: Integers longer than this are refused before any arithmetic touches them.
MAX_DIGITS = 40
#: Builtins over a generator that make no layer (``list(p for p in m.parameters())``).
_REDUCERS = frozenset({"list", "tuple", "set", "max", "min", "any", "all", "sum", "len",
                       "sorted", "dict"})
#: The most layers one pasted model may hold (a container reused inside itself doubles).
MAX_MODEL_LAYERS = 5_000
#: The most items one comprehension may make (``[Block() for _ in range(n)]``).
MAX_COMPREHENSION = 1_000
#: Keras' functional forms of the merge layers (``layers.add([x, y])``) -> the class.
_MERGE_FUNCTIONS = {"add": "Add", "subtract": "Subtract", "multiply": "Multiply",
                    "average": "Average", "maximum": "Maximum", "minimum": "Minimum",
                    "concatenate": "Concatenate", "dot": "Dot"}
#: A name a comprehension had no binding for before it ran.
_UNBOUND = object()


@dataclass
class Program:
    """What a piece of pasted code defines, in the order it was written."""

    items: list[tuple[str, object]] = field(default_factory=list)


def refuse_unsupported(source: str) -> None:
    """Loops, functions, classes and conditionals are named and refused up front (a line
    that begins inside brackets, like the ``for`` of a comprehension, is no statement)."""
    if "lambda" in source and _LAMBDA.search(
            "\n".join(line.partition("#")[0] for line in source.splitlines())):
        raise ParamError(
            "I can't evaluate a lambda: parambot does not run Python. A Lambda layer has no "
            "weights of its own (0 parameters), but what it outputs can't be worked out "
            "without running it; write what it computes with ordinary layers instead.")
    depth = 0
    for line in source.splitlines():
        starts_inside = depth > 0
        if "(" in line or "[" in line or "{" in line or depth:
            for m in _BRACKETS.finditer(line):
                ch = m.group()
                if ch in "([{":
                    depth += 1
                elif ch in ")]}":
                    depth = max(0, depth - 1)
        if starts_inside:
            continue
        s = line.strip()
        _refuse_assignment(s)
        for start, what in _UNSUPPORTED_STARTS.items():
            if s.startswith(start):
                hint = (
                    " parambot reads layer calls, Sequential lists, model.add(...) and "
                    "functional chains; write the layers out one by one."
                )
                if start == "class " and _KERAS_BASE.search(s):
                    raise ParamError(
                        "I can't read a subclassed Keras model or layer: Keras creates its "
                        "weights when it is first called, which parambot can't follow "
                        "without running Python. Paste the layers as a Sequential or "
                        "functional model.",
                        suggestion="keras.Sequential([keras.Input(shape=(784,)), "
                        "layers.Dense(128), layers.Dense(10)])",
                    )
                if start == "class ":
                    raise ParamError(
                        "I can't read a class definition (such as an nn.Module subclass): "
                        "parambot does not run Python. Paste the layers as "
                        "nn.Sequential(...) or one constructor per line instead.",
                        suggestion="nn.Sequential(nn.Linear(784, 128), nn.ReLU(), "
                        "nn.Linear(128, 10))",
                    )
                if "loop" in what:
                    raise ParamError(
                        f"I can't follow {what}: parambot does not run Python, so a loop "
                        f"that builds layers can't be counted.{hint}"
                    )
                raise ParamError(f"I can't evaluate {what}.{hint}")


#: A statement that assigns to an attribute or an item (``model.trainable = False``,
#: ``model.layers[0].trainable = False``, ``layer.weight.requires_grad = False``): the
#: target, and the ``=`` after it (not ``==``).
_ATTRIBUTE_ASSIGN = re.compile(r"([A-Za-z_]\w*(?:\.\w+|\[[^\]\n]{0,200}\])+)\s*=(?!=)")
#: An augmented assignment (``layers += [nn.Linear(5, 2)]``, ``x *= 2``).
_AUGMENTED_ASSIGN = re.compile(
    r"([A-Za-z_]\w*(?:\.\w+|\[[^\]\n]{0,200}\])*)\s*(\*\*|//|<<|>>|[-+*/%@&|^])=")


#: Calls that change what a PyTorch module holds or trains, which parambot can't follow
#: wherever they appear (a comprehension over parameters() is not evaluated).
_STATE_CHANGING_CALLS = ("requires_grad_(", "add_module(", "register_module(",
                         "register_parameter(", "register_buffer(")


#: One step of splitting a line into statements: a string or a ``#`` comment (skipped
#: whole, as ``spans.BRACKET_SCAN`` skips them), or a ``;``.
_STATEMENT_SCAN = re.compile(r"\"[^\"\n]*\"|'[^'\n]*'|#[^\n]*|;")


def _statements(line: str) -> list[str]:
    """The statements of one line: split at each ``;`` outside a string, and ending at a
    ``#`` comment outside a string."""
    if ";" not in line and "#" not in line:
        return [line]
    parts: list[str] = []
    start = 0
    for m in _STATEMENT_SCAN.finditer(line):
        step = m.group()
        if step == ";" or step[0] == "#":
            parts.append(line[start:m.start()])
            if step[0] == "#":
                return parts
            start = m.end()
    parts.append(line[start:])
    return parts


def _refuse_assignment(line: str) -> None:
    """Assignments parambot does not apply are named and refused, rather than read as a
    syntax error (or, worse, dropped): a flag set after construction would change the
    answer."""
    for part in _statements(line):
        part = part.strip()
        m = _ATTRIBUTE_ASSIGN.match(part)
        if m is not None:
            target = m.group(1)
            if target.endswith(".requires_grad"):
                raise ParamError(
                    f"I can't apply `{target} = ...`: parambot does not run Python, so "
                    "which PyTorch parameters are frozen afterwards is not followed, and the "
                    "trainable counts would come out wrong. Paste the modules as constructed: "
                    "parambot counts every PyTorch parameter as trainable, and the total is "
                    "the same either way.")
            if target.endswith(".trainable"):
                raise ParamError(
                    f"I can't apply `{target} = ...`: parambot does not run Python, so a "
                    "flag set after a layer is built is not followed, and the trainable "
                    "counts would come out wrong. Give it in the constructor instead "
                    "(Keras: `layers.Dense(64, trainable=False)`), or ask in words "
                    "(`dense 64 on 32 frozen`).",
                    suggestion="dense 64 on 32 frozen")
            raise ParamError(
                f"I can't apply `{target} = ...`: parambot does not run Python, so an "
                "assignment to an attribute or an item is not followed. Paste the layers' "
                "constructors with every argument given there.")
        m = _AUGMENTED_ASSIGN.match(part)
        if m is not None:
            raise ParamError(
                f"I can't follow `{m.group(1)} {m.group(2)}= ...`: parambot does not run "
                "Python, so a value changed in place is not followed. Write the value in "
                "one expression instead (`units = 64 * 2`, `layers = [nn.Linear(10, 5), "
                "nn.Linear(5, 2)]`).")
        call = next((c for c in _STATE_CHANGING_CALLS if c in part), None)
        if call is not None:
            raise ParamError(
                f"I can't follow `{call[:-1]}(...)`: parambot does not run Python, so a call "
                "that changes what a module holds or trains after it is built is not "
                "followed, and the counts would come out wrong. Paste the modules as "
                "constructed (parambot counts every PyTorch parameter as trainable).")


#: torch functions that make a tensor (an input, not a layer).
_TENSOR_FACTORIES = frozenset({"zeros", "ones", "randn", "rand", "randint", "empty", "full",
                               "tensor", "arange", "linspace", "zeros_like", "ones_like",
                               "randn_like", "rand_like", "empty_like", "eye"})
#: The keyword ``lambda`` (not ``lambda_1`` or ``my_lambda``).
_LAMBDA = re.compile(r"\blambda\b")
#: A class statement whose bases are Keras' (``class M(keras.Model):``, ``(Layer)``).
_KERAS_BASE = re.compile(r"\((?:[^()]*[.\s,(])?(?:Model|Layer)\s*[,)]")


class Evaluator:
    """Evaluates statements of the code subset against the layer catalogue."""

    def __init__(self, source: str, hint: Framework | None, root: Tree[Token] | None = None,
                 start: str = "code") -> None:
        self.source = source
        self.hint = hint
        #: The parse of ``source`` from rule ``start``: errors find their exact position
        #: in it (spans.exact_start).
        self.root = root
        self.start = start
        self.env: dict[str, object] = {}
        self.program = Program()
        #: Every Keras tensor made so far, in the order the calls ran (Inputs and layer
        #: calls): a functional model's graph is read from them.
        self._calls: list[TensorValue] = []
        #: The tensors of the functional models built so far (ids).
        self._modelled: set[int] = set()
        #: InputLayers Keras has named so far in this paste (one per Input, and one per
        #: Sequential given its input through a layer's input_shape=)
        self._input_layers = 0
        #: Keras' automatic names used so far, by base name (``dense``: 2)
        self._names: dict[str, int] = {}
        self._depth = 0
        #: Items made by the paste's comprehensions so far (see MAX_COMPREHENSION).
        self._comprehended = 0

    # -- statements ----------------------------------------------------------------------

    def run(self, tree: Tree[Token]) -> Program:
        self.root, self.start = tree, "code"
        for stmt in tree.children:
            if not isinstance(stmt, Tree):
                continue
            kind = stmt.data
            if kind == "import_name":
                self._import_name(stmt)
            elif kind == "import_from":
                self._import_from(stmt)
            elif kind == "assign":
                targets, expr = stmt.children
                assert isinstance(targets, Tree) and isinstance(expr, Tree | Token)
                value = self.eval(expr)
                names = [str(t) for t in targets.children]
                if len(names) != 1:
                    raise ParamError(
                        "Unpacking several names in one assignment isn't supported; "
                        "assign one layer or model per line.",
                        position=self._pos(stmt),
                    )
                self._bind(names[0], value)
            elif kind == "expr_stmt":
                value = self.eval(stmt.children[0])
                if isinstance(value, (LayerValue, ModelValue, NamedModelValue)) and not any(
                        value is v for _, v in self.program.items):
                    # (not "model.eval()" on its own line: the model already listed)
                    self.program.items.append((self._label_of(stmt), value))
        return self.program

    def _bind(self, name: str, value: object) -> None:
        self.env[name] = value
        if isinstance(value, ModelValue):
            if value.label is None:
                value.label = name
                self.program.items.append((name, value))
        elif isinstance(value, (LayerValue, NamedModelValue)):
            self.program.items.append((name, value))

    def _import_name(self, stmt: Tree[Token]) -> None:
        kids = list(stmt.children)
        i = 0
        while i < len(kids):
            dotted = kids[i]
            assert isinstance(dotted, Tree)
            path = ".".join(str(t) for t in dotted.children)
            alias = kids[i + 1] if i + 1 < len(kids) else None
            if isinstance(alias, Token):
                self.env[str(alias)] = Module(path)
                i += 2
            else:
                head = path.split(".")[0]
                self.env[head] = Module(head)
                i += 1

    def _import_from(self, stmt: Tree[Token]) -> None:
        dotted, *aliases = stmt.children
        assert isinstance(dotted, Tree)
        base = ".".join(str(t) for t in dotted.children)
        for al in aliases:
            if not isinstance(al, Tree):
                continue
            name = al.children[0]
            asname = al.children[1] if len(al.children) > 1 else None
            self.env[str(asname or name)] = Module(f"{base}.{name}")

    # -- expressions ---------------------------------------------------------------------

    def eval(self, node: Tree[Token] | Token | None) -> object:
        if node is None:
            return None
        if isinstance(node, Token):
            raise ParamError(f"I couldn't read {str(node)!r}.", position=node.start_pos)
        method: Callable[[Tree[Token]], object] | None = getattr(self, f"_e_{node.data}", None)
        if method is None:
            raise ParamError(
                f"parambot doesn't evaluate that kind of expression ({node.data}).",
                position=self._pos(node),
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise ParamError(
                    "That expression is nested too deeply to be a layer argument.",
                    position=self._pos(node),
                )
            return method(node)
        finally:
            self._depth -= 1

    def _e_name(self, node: Tree[Token]) -> object:
        name = str(node.children[0])
        value = self._name_value(name)
        if value is not _UNKNOWN:
            return value
        raise ParamError(
            f"`{name}` is not defined in what you pasted, and it is not a layer parambot "
            "knows. If it is your own function or variable, paste its layers instead.",
            position=self._pos(node),
        )

    def _name_value(self, name: str) -> object:
        """What a bare name stands for: a constant, a variable of the paste, a layer class
        or module; ``_UNKNOWN`` when none (the caller words the error)."""
        if name in _CONSTANTS:
            return _CONSTANTS[name]
        if name in self.env:
            return self.env[name]
        if name in _ALIASES:
            return Module(_ALIASES[name])
        if name in _IGNORED_CALLS:
            return Module(name)
        for fw in self._frameworks():
            if lookup(fw, name) is not None or name in ("Sequential", "Input", "Model"):
                return Module(name)
        if name in _ACTIVATION_NAMES:
            return name  # Dense(1, sigmoid): an activation given by name
        for fw in self._frameworks():
            match = _case_insensitive(fw).get(name.lower())
            if match is not None:
                return Module(match)  # "dense(10)" typed in a chat message
        return _UNKNOWN

    def _e_int(self, node: Tree[Token]) -> object:
        text = str(node.children[0]).replace("_", "")
        if len(text) > MAX_DIGITS:
            raise ParamError(
                f"The number at character {self._pos(node) + 1} has {len(text)} digits: too "
                "large to be a layer size.",
                position=self._pos(node),
            )
        return int(text, 0)

    def _e_float(self, node: Tree[Token]) -> object:
        return float(str(node.children[0]))

    def _e_string(self, node: Tree[Token]) -> object:
        text = str(node.children[0])
        if text[0] in "'\"" and "\\" not in text:
            # the STRING terminal never holds its own quote inside, so without a backslash
            # the text between the quotes is the value (literal_eval compiles: ~20 µs)
            return text[1:-1]
        start = min(i for i in (text.find("'"), text.find('"')) if i >= 0)
        # an f-string's template is its value here (no name in it can change a count)
        prefix, body = text[:start].lower().replace("f", ""), text[start:]
        try:
            value = ast.literal_eval(prefix + body)
        except (ValueError, SyntaxError):
            value = body[1:-1]
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        return value if isinstance(value, str) else str(value)

    def _e_tuple(self, node: Tree[Token]) -> object:
        return tuple(self.eval(c) for c in node.children if c is not None)

    def _e_list(self, node: Tree[Token]) -> object:
        out: list[object] = []
        for c in node.children:
            if isinstance(c, Tree) and c.data == "starred":
                spread = self._spread(c)
                self._cap(len(out) + len(spread), "list", node)
                out.extend(spread)
            elif c is not None:
                out.append(self.eval(c))
        return out

    def _spread(self, node: Tree[Token]) -> list[object] | tuple[object, ...]:
        """``*[...]``, ``*blocks``: the list or tuple a starred expression spreads."""
        spread = self.eval(node.children[0])
        if not isinstance(spread, (list, tuple)):
            raise ParamError("`*` unpacking works here on a list or tuple written in the "
                             "paste.", position=self._pos(node))
        return spread

    def _cap(self, size: int, what: str, node: Tree[Token]) -> None:
        """A list or model of more than MAX_MODEL_LAYERS items is refused as it grows (a
        container reused inside itself doubles at every line)."""
        if size > MAX_MODEL_LAYERS:
            raise ParamError(f"That {what} would hold more than {MAX_MODEL_LAYERS:,} "
                             f"{'layers' if what == 'model' else 'items'}; parambot stops "
                             "there.", position=self._pos(node))

    def _e_listcomp(self, node: Tree[Token]) -> object:
        body, var, source, *condition = node.children
        assert isinstance(var, Token)
        items = self._iterate(source, node)
        if items is None:
            return Ignored("a comprehension")
        if condition:
            cond = condition[0]
            raise ParamError("parambot doesn't follow a condition (`if ...`) in a "
                             "comprehension that makes layers; list them instead.",
                             position=self._pos(cond) if isinstance(cond, Tree) else None)
        name = str(var)
        saved = self.env.get(name, _UNBOUND)
        out: list[object] = []
        try:
            for item in items:
                self.env[name] = item
                out.append(self.eval(body))
        finally:
            if saved is _UNBOUND:
                self.env.pop(name, None)
            else:
                self.env[name] = saved
        return out

    def _e_gencall(self, node: Tree[Token]) -> object:
        """``f(x for v in it)``: ``sum(p.numel() for p in model.parameters())`` is passed
        over like the call it is in; ``nn.ModuleList(Block() for _ in range(3))`` gets the
        list."""
        func_node, body, var, source, *condition = node.children
        if isinstance(func_node, Tree) and func_node.data == "name" and str(
                func_node.children[0]) in _REDUCERS and str(
                func_node.children[0]) not in self.env:
            # list(p for p in model.parameters()), max(...): nothing a count depends on
            return Ignored(f"{func_node.children[0]}(...)")
        func = self.eval(func_node)
        if isinstance(func, Ignored) or (isinstance(func, Module) and
                                         func.last in _IGNORED_CALLS):
            return Ignored(f"{func.last if isinstance(func, Module) else func.what}(...)")
        items = self._e_listcomp(Tree("listcomp", [body, var, source, *condition]))
        return self.call(func, [items], [], node)

    def _iterate(self, source: Tree[Token] | Token, node: Tree[Token]) -> list[object] | None:
        """What a comprehension runs over: ``range(...)`` or a list / tuple of values; None
        for something parambot passes over (``model.parameters()``)."""
        if isinstance(source, Tree) and source.data == "call" and isinstance(
                source.children[0], Tree) and source.children[0].data == "name" and str(
                source.children[0].children[0]) == "range" and "range" not in self.env:
            args, kwargs = self._arguments(source.children[1])
            bounds = [a for a in args if type(a) is int]
            if kwargs or not 1 <= len(args) <= 3 or len(bounds) != len(args) or (
                    len(bounds) == 3 and bounds[2] == 0):
                raise ParamError("range(...) here takes one to three whole numbers.",
                                 position=self._pos(source))
            values: list[object] = list(range(*bounds)[:MAX_COMPREHENSION + 1])
        else:
            value = self.eval(source)
            if isinstance(value, Ignored | BoundMethod):
                return None  # model.parameters(), model.layers: nothing that makes a layer
            if not isinstance(value, (list, tuple)):
                raise ParamError(f"parambot can't run a comprehension over {_kind(value)}; "
                                 "use range(n) or a list.", position=self._pos(source))
            values = list(value)
        # every comprehension of the paste together (nested ones multiply)
        self._comprehended += len(values)
        if self._comprehended > MAX_COMPREHENSION:
            raise ParamError(f"The comprehensions in this paste make more than "
                             f"{MAX_COMPREHENSION:,} items; parambot reads at most that many.",
                             position=self._pos(node))
        return values

    def _e_dict(self, node: Tree[Token]) -> object:
        out: dict[object, object] = {}
        for item in node.children:
            if isinstance(item, Tree):
                k, v = item.children
                key = self.eval(k)
                if not isinstance(key, (str, int, float, bool)):
                    raise ParamError("Only plain keys are supported in a dict.", position=self._pos(item))
                out[key] = self.eval(v)
        return out

    def _arith(self, node: Tree[Token], op: str) -> object:
        a = self.eval(node.children[0])
        b = self.eval(node.children[1])
        if op == "+" and isinstance(a, list) and isinstance(b, list):
            # keras.Sequential([keras.Input(...)] + [layers.Dense(8) for _ in range(3)])
            self._cap(len(a) + len(b), "list", node)
            return a + b
        if _holds_tensor(a) or _holds_tensor(b):
            raise ParamError(
                f"Arithmetic ({op}) on Keras tensors is an operation, not a layer; parambot "
                "follows layer calls in a functional model. Use a merge layer instead: "
                "layers.Add()([x, y]), layers.Subtract()([x, y]), layers.Multiply()([x, y]).",
                position=self._pos(node))
        if not _is_num(a) or not _is_num(b):
            raise ParamError(
                f"Arithmetic ({op}) works on numbers only here; got {_kind(a)} and {_kind(b)}.",
                position=self._pos(node),
            )
        assert isinstance(a, (int, float)) and isinstance(b, (int, float))
        if op in ("/", "//", "%") and b == 0:
            raise ParamError("Division by zero in the pasted code.", position=self._pos(node))
        if op == "**":
            if abs(b) > 64 or abs(a) > 10**6:
                raise ParamError("That power is too large to be a layer size.",
                                 position=self._pos(node))
            return a**b
        result: object = {
            "+": lambda: a + b, "-": lambda: a - b, "*": lambda: a * b,
            "//": lambda: a // b, "/": lambda: _exact_div(a, b), "%": lambda: a % b,
        }[op]()
        if isinstance(result, int) and len(str(abs(result))) > MAX_DIGITS:
            raise ParamError("That arithmetic gives a number too large to be a layer size.",
                             position=self._pos(node))
        return result

    def _e_add(self, node: Tree[Token]) -> object:
        return self._arith(node, "+")

    def _e_sub(self, node: Tree[Token]) -> object:
        return self._arith(node, "-")

    def _e_mul(self, node: Tree[Token]) -> object:
        return self._arith(node, "*")

    def _e_floordiv(self, node: Tree[Token]) -> object:
        return self._arith(node, "//")

    def _e_truediv(self, node: Tree[Token]) -> object:
        return self._arith(node, "/")

    def _e_mod(self, node: Tree[Token]) -> object:
        return self._arith(node, "%")

    def _e_pow(self, node: Tree[Token]) -> object:
        return self._arith(node, "**")

    def _e_neg(self, node: Tree[Token]) -> object:
        v = self.eval(node.children[0])
        if not _is_num(v):
            raise ParamError("A minus sign needs a number.", position=self._pos(node))
        assert isinstance(v, (int, float))
        return -v

    def _e_unary(self, node: Tree[Token]) -> object:
        return self.eval(node.children[0])

    def _e_getattr(self, node: Tree[Token]) -> object:
        obj = self.eval(node.children[0])
        attr = str(node.children[1])
        if isinstance(obj, Module):
            return Module(f"{obj.path}.{attr}")
        if isinstance(obj, ModelValue):
            return BoundMethod(obj, attr)
        if isinstance(obj, list) and attr in _LIST_METHODS:
            return ListMethod(obj, attr)
        if isinstance(obj, LayerValue) and obj.framework == "pytorch" and attr in _RETURNS_SELF:
            return _SameModule(obj)
        if isinstance(obj, (LayerValue, TensorValue, Ignored)) or (
                isinstance(obj, NamedModelValue) and attr in _NAMED_MODEL_READS):
            return Ignored(attr)
        raise ParamError(f"parambot can't look up `.{attr}` on {_kind(obj)}.",
                         position=self._pos(node))

    def _e_getitem(self, node: Tree[Token]) -> object:
        raise ParamError("Indexing (x[...]) isn't supported in pasted code.", position=self._pos(node))

    def _e_call(self, node: Tree[Token]) -> object:
        func_node, arg_node = node.children
        func = self.eval(func_node)
        args, kwargs = self._arguments(arg_node)
        return self.call(func, args, kwargs, node)

    def _e_inline_call(self, node: Tree[Token]) -> object:
        name_tok, arg_node, *tails = node.children
        assert isinstance(name_tok, Token)
        parts = str(name_tok).split(".")
        func: object = self.env.get(parts[0]) if parts[0] in self.env else None
        if func is None:
            func = self._name_value(parts[0])
        if func is _UNKNOWN:
            # the error, from a name node of its own (as `x.y(...)` written as code has)
            first = Tree("name", [Token("NAME", parts[0], start_pos=name_tok.start_pos)])
            func = self._e_name(first)
        for p in parts[1:]:
            if isinstance(func, Module):
                func = Module(f"{func.path}.{p}")
            elif isinstance(func, ModelValue):
                func = BoundMethod(func, p)
            elif isinstance(func, list) and p in _LIST_METHODS:
                func = ListMethod(func, p)
            else:
                raise ParamError(f"parambot can't look up `.{p}`.", position=self._pos(node))
        args, kwargs = self._arguments(arg_node)
        value = self.call(func, args, kwargs, node)
        for tail in tails:
            assert isinstance(tail, Tree)
            a, k = self._arguments(tail.children[0])
            value = self.call(value, a, k, tail)
        return value

    def _arguments(
        self, node: Tree[Token] | Token | None
    ) -> tuple[list[object], list[tuple[str, object]]]:
        args: list[object] = []
        kwargs: list[tuple[str, object]] = []
        if not isinstance(node, Tree):
            return args, kwargs
        for arg in node.children:
            if arg is None:
                continue
            if isinstance(arg, Tree) and arg.data == "kwarg":
                key, expr = arg.children
                kwargs.append((str(key), self.eval(expr)))
            elif isinstance(arg, Tree) and arg.data == "starred":
                # nn.Sequential(*[nn.Linear(8, 8) for _ in range(3)]), nn.Sequential(*blocks)
                if kwargs:
                    raise ParamError("`*` unpacking works here before any keyword argument.",
                                     position=self._pos(arg))
                args.extend(self._spread(arg))
            else:
                if kwargs:
                    raise ParamError("A positional argument follows a keyword argument.",
                                     position=self._pos(arg) if isinstance(arg, Tree) else None)
                args.append(self.eval(arg))
        return args, kwargs

    # -- calls ---------------------------------------------------------------------------

    def call(
        self, func: object, args: list[object], kwargs: list[tuple[str, object]],
        node: Tree[Token],
    ) -> object:
        if isinstance(func, Module):
            return self._construct(func, args, kwargs, node)
        if isinstance(func, _SameModule):
            # nn.Linear(3, 4).to(device), .eval(): the same module, its parameters unchanged
            return func.owner
        if isinstance(func, BoundMethod):
            return self._method(func, args, kwargs, node)
        if isinstance(func, ListMethod):
            # layers = []; layers.append(nn.Linear(8, 8)); nn.Sequential(*layers)
            added = args[0] if len(args) == 1 and not kwargs else None
            if func.name == "extend" and isinstance(added, (list, tuple)):
                self._cap(len(func.owner) + len(added), "list", node)
                func.owner.extend(added)
            elif func.name == "append" and len(args) == 1 and not kwargs:
                self._cap(len(func.owner) + 1, "list", node)
                func.owner.append(added)
            else:
                raise ParamError(f"`.{func.name}(...)` here takes one "
                                 + ("list" if func.name == "extend" else "item") + ".",
                                 position=self._pos(node))
            return Ignored(func.name)
        if isinstance(func, LayerValue | ModelValue) and func.framework == "pytorch" and \
                args and all(isinstance(a, Ignored) for a in args):
            # model(torch.randn(1, 3, 32, 32)): forward(), which changes no count
            return Ignored("a forward pass")
        if isinstance(func, LayerValue):
            return self._apply(func, args, kwargs, node)
        if isinstance(func, ModelValue) and func.framework == "keras" and any(
                _holds_tensor(a) for a in args):
            return self._apply(func, args, kwargs, node)
        if isinstance(func, Ignored):
            return Ignored(func.what)
        raise ParamError(f"parambot can't call {_kind(func)}.", position=self._pos(node))

    def _frameworks(self) -> tuple[Framework, ...]:
        return ("pytorch", "keras") if self.hint == "pytorch" else ("keras", "pytorch")

    def _framework_of(self, module: Module) -> Framework:
        fw = module.framework()
        if fw is not None:
            return fw
        name = module.last
        options = [f for f in self._frameworks() if lookup(f, name) is not None]
        return options[0] if options else (self.hint or "keras")

    def _construct(
        self, func: Module, args: list[object], kwargs: list[tuple[str, object]],
        node: Tree[Token],
    ) -> object:
        name = func.last
        path = func.path.split(".")
        head = path[0]
        if not _NO_COUNT_MODULES.isdisjoint(path[:-1]):
            self._consume(args, kwargs)
            return Ignored(f"{func.path}(...)")
        if name in _IGNORED_CALLS:
            # print(m), summary(m), len(layers): the layer is read, not used up, so it is
            # still answered on its own
            return Ignored(name)
        if head == "torch" and len(path) == 2 and name in _TENSOR_FACTORIES:
            # x = torch.randn(1, 3, 224, 224): an input for forward(), which changes no count
            self._consume(args, kwargs)
            return Ignored(f"torch.{name}(...)")
        if name == "Parameter" and ("nn" in path or "torch" in path):
            raise ParamError(
                "nn.Parameter(...) is a free-standing weight, which parambot doesn't count "
                "yet; it counts the layers (nn.Linear, nn.Embedding, ...).",
                position=self._pos(node))
        if name == "OrderedDict" and head in ("OrderedDict", "collections"):
            return self._ordered_dict(args, node)
        fw = self._framework_of(func)
        if name in ("Input", "InputLayer") and fw == "keras":
            if name == "Input" and any(k == "input_shape" for k, _ in kwargs):
                raise ParamError("keras.Input takes `shape=`, not `input_shape=` (Keras 3 "
                                 "refuses it).", position=self._pos(node),
                                 suggestion="keras.Input(shape=(28, 28))")
            return self._input(args, kwargs, node)
        if name == "Sequential":
            return self._sequential(fw, args, kwargs, node)
        if name in ("ModuleList", "ModuleDict") and fw == "pytorch":
            return self._container(name, args, kwargs, node)
        if name in ("Model", "Functional") and fw == "keras":
            return self._functional(args, kwargs, node)
        if "applications" in func.path.split(".") or head in ("torchvision", "transformers"):
            return NamedModelValue(name, fw, tuple(kwargs), len(args))
        if any(_holds_tensor(a) for a in [*args, *(v for _, v in kwargs)]):
            merge = _MERGE_FUNCTIONS.get(name)
            if fw == "keras" and merge is not None and args and _holds_tensor(args[0]):
                # layers.add([x, y]), layers.concatenate([a, b], axis=1): Keras makes the
                # layer (named like any other) and calls it on the list
                layer = self._construct(Module(func.path[: -len(name)] + merge), args[1:],
                                        kwargs, node)
                assert isinstance(layer, LayerValue)
                return self._apply(layer, args[:1], [], node)
            raise ParamError(
                f"`{func.path}(...)` on Keras tensors is an operation, not a layer; parambot "
                "follows layer calls in a functional model. Use a layer instead: "
                "layers.Add()([x, y]), layers.Concatenate()([x, y]), layers.Multiply()([x, y]), "
                "layers.Activation(...)(x), layers.Reshape(...)(x).",
                position=self._pos(node))
        if lookup(fw, name) is None:
            other: Framework = "pytorch" if fw == "keras" else "keras"
            if func.framework() is None and lookup(other, name) is not None:
                fw = other
            elif func.framework() is None and "." not in func.path:
                guess = closest(name, _vocabulary(self._frameworks()))
                raise ParamError(
                    f"`{name}(...)` is not a layer parambot knows, and it is not defined in "
                    "what you pasted (a function of your own can't be seen).",
                    position=self._pos(node),
                    suggestion=f"did you mean {guess}?" if guess else None,
                )
        for a in list(args) + [v for _, v in kwargs]:
            if isinstance(a, LayerValue):
                a.used = True
        made = make(
            fw, name, [_unwrap(a) for a in args], [(k, _unwrap(v)) for k, v in kwargs]
        )
        row = made.name
        if row is None and fw == "keras":
            # Keras names a layer when it is constructed (Dense(1)(Dense(4)(x)) names the
            # Dense(1) first); a given name= leaves the counter alone
            row = self._auto_name(made.layer.TYPE)
        return LayerValue(fw, made, self._at(node), name=row)

    def _auto_name(self, type_name: str) -> str:
        """The name Keras gives the next unnamed layer (or model) of ``type_name``."""
        base = keras_auto_name(type_name)
        k = self._names.get(base, 0)
        self._names[base] = k + 1
        return base if k == 0 else f"{base}_{k}"

    def _model_name(self, kind: str, kwargs: list[tuple[str, object]]) -> str:
        """A Keras model's own name (its row when another model calls it)."""
        given = dict(kwargs).get("name")
        return given if isinstance(given, str) and given else self._auto_name(kind)

    def _consume(self, args: list[object], kwargs: list[tuple[str, object]]) -> None:
        for v in list(args) + [v for _, v in kwargs]:
            if isinstance(v, (ModelValue, LayerValue)):
                v.used = True

    def _input(
        self, args: list[object], kwargs: list[tuple[str, object]], node: Tree[Token]
    ) -> TensorValue:
        kw = dict(kwargs)
        # InputLayer(input_shape=...): Keras 3 still takes the old name, and it wins
        shape = kw.get("input_shape", kw.get("shape", args[0] if args else None))
        batch = False
        if shape is None and "batch_shape" in kw:
            shape, batch = kw["batch_shape"], True
        if shape is None:
            raise ParamError("keras.Input needs `shape=`, e.g. keras.Input(shape=(28, 28)).",
                             position=self._pos(node))
        dims = _shape(shape, "shape", self._at(node))
        given = kw.get("name")
        # Input(..., name="img") names the InputLayer row and leaves Keras' counter alone
        name = given if isinstance(given, str) and given else self._next_input_name()
        tensor = TensorValue(dims[1:] if batch else dims, input_name=name)
        self._calls.append(tensor)
        return tensor

    def _next_input_name(self) -> str:
        k = self._input_layers
        self._input_layers += 1
        return "input_layer" if k == 0 else f"input_layer_{k}"

    def _sequential(
        self, fw: Framework, args: list[object], kwargs: list[tuple[str, object]],
        node: Tree[Token],
    ) -> ModelValue:
        self._refuse_model_trainable(kwargs, node)
        model = ModelValue(fw, "Sequential", position=self._at(node))
        if fw == "keras":
            model.name = self._model_name("Sequential", kwargs)
        items: list[object]
        if fw == "keras":
            items = list(args[0]) if args and isinstance(args[0], (list, tuple)) else []
        elif len(args) == 1 and isinstance(args[0], NamedLayers):
            # nn.Sequential(OrderedDict([("conv1", ...), ...])): the keys name the rows
            items = []
            for key, layer in args[0].pairs:
                layer.name = key
                items.append(layer)
        else:
            items = list(args)
        for item in items:
            self._add(model, item, node)
        return model

    def _container(self, kind: str, args: list[object], kwargs: list[tuple[str, object]],
                   node: Tree[Token]) -> ModelValue:
        """``nn.ModuleList([...])`` / ``nn.ModuleDict({...})``: modules held, in order, with
        no forward of their own (each is counted on its own; no shape runs through them)."""
        model = ModelValue("pytorch", kind, position=self._at(node), chain=False)
        given = args[0] if len(args) == 1 and not kwargs else [] if not args and not kwargs \
            else None
        if kind == "ModuleDict" and isinstance(given, NamedLayers):
            given = dict(given.pairs)
        if kind == "ModuleDict" and isinstance(given, dict):
            pairs = list(given.items())
        elif kind == "ModuleList" and isinstance(given, (list, tuple)):
            pairs = [(None, item) for item in given]
        else:
            raise ParamError(
                f"nn.{kind} here takes one " + ("list of modules" if kind == "ModuleList"
                                                else "dict of name: module") + ".",
                position=self._pos(node))
        keys = [key for key, _ in pairs if key is not None]
        for key in keys:
            if not isinstance(key, str) or not key or "." in key:
                raise ParamError("nn.ModuleDict's keys are names: non-empty strings without "
                                 "a '.' (PyTorch refuses others).", position=self._pos(node))
        for key, item in pairs:
            self._add(model, item, node, key)
        return model

    def _refuse_model_trainable(self, kwargs: list[tuple[str, object]],
                                node: Tree[Token]) -> None:
        """``keras.Sequential([...], trainable=False)``: the model's own switch, which
        parambot does not apply (it would freeze every layer); refused, not ignored."""
        if any(k == "trainable" for k, _ in kwargs):
            raise ParamError("trainable= given to the model itself isn't applied by "
                             "parambot; give it to each layer (Dense(10, trainable=False)).",
                             position=self._pos(node))

    def _ordered_dict(self, args: list[object], node: Tree[Token]) -> NamedLayers:
        pairs = args[0] if len(args) == 1 and isinstance(args[0], (list, tuple)) else ()
        if not pairs or not all(
                isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[0], str)
                and isinstance(pair[1], LayerValue) for pair in pairs):
            raise ParamError("OrderedDict here takes a list of (name, layer) pairs, e.g. "
                             'OrderedDict([("conv1", nn.Conv2d(1, 20, 5))]).',
                             position=self._pos(node))
        names = [pair[0] for pair in pairs]
        twice = next((n for n in names if names.count(n) > 1), None)
        if twice is not None:
            raise ParamError(f"The OrderedDict names `{twice}` twice; it keeps one layer per "
                             "name, so the rows would not be the layers written. Give each "
                             "layer its own name.", position=self._pos(node))
        return NamedLayers(tuple(pairs))

    def _add(self, model: ModelValue, item: object, node: Tree[Token],
             key: str | None = None) -> None:
        if isinstance(item, TensorValue) and model.framework == "keras":
            if item.input_shape is None:
                raise ParamError("A Sequential model starts from a keras.Input, not from a "
                                 "layer's output.", position=self._pos(node))
            if model.layers or model.input_shape is not None:
                raise ParamError("keras.Input must come first in a Sequential model.",
                                 position=self._pos(node))
            model.input_shape = item.input_shape
            return
        if isinstance(item, LayerValue):
            self._cap(len(model.layers) + 1, "model", node)
            if item.framework != model.framework:
                raise ParamError(
                    f"A {item.framework} layer can't go into a {model.framework} model.",
                    position=item.position,
                )
            if not model.layers and model.input_shape is None and item.made.input_shape:
                model.input_shape = item.made.input_shape
                if model.framework == "keras":
                    self._next_input_name()  # Keras makes the InputLayer here
            item.used = True
            model.layers.append(item)
            if model.framework == "pytorch":
                model.rows.append(key or item.name or str(model.entries))
                model.entries += 1
            return
        if isinstance(item, ModelValue) and item.graph is not None:
            raise ParamError("A functional model (keras.Model(inputs, outputs)) used as a "
                             "layer isn't supported yet; paste its layers into the outer "
                             "model.", position=self._pos(node))
        if isinstance(item, ModelValue) and item.framework == model.framework == "keras":
            # Keras lists a model inside a Sequential as one row ("sequential", its layers'
            # weights); its layers are counted here one by one, and the answer says so
            model.nested.append(f"{item.name or 'sequential'} ({sum(1 for _ in item.layers)}"
                                f" layer{'s' if len(item.layers) != 1 else ''})")
        if isinstance(item, ModelValue) and item.framework == model.framework:
            self._cap(len(model.layers) + len(item.layers), "model", node)
            item.used = True
            if not model.layers and model.input_shape is None:
                model.input_shape = item.input_shape
            model.layers.extend(item.layers)
            if model.framework == "pytorch":
                at = key or str(model.entries)
                model.rows.extend(f"{at}.{row}" for row in item.rows)
                model.entries += 1
                model.chain = model.chain and item.chain
            return
        if isinstance(item, Ignored):
            raise ParamError(f"A Sequential model holds layers; got what `{item.what}` "
                             "returns, which parambot doesn't follow (a call such as "
                             "requires_grad_(False) changes what is trainable). Put the layer "
                             "itself in the model.", position=self._pos(node))
        if isinstance(item, NamedModelValue):
            # base = keras.applications.MobileNetV2(...); keras.Sequential([base, ...])
            raise ParamError(
                "A named model inside a Sequential (transfer learning's base plus a head) "
                "isn't read yet. Ask for the base alone (`mobilenetv2 without top on "
                "160x160x3`) and the head's layers on its output shape.",
                position=self._pos(node))
        raise ParamError(f"A Sequential model holds layers; got {_kind(item)}.",
                         position=self._pos(node))

    def _functional(
        self, args: list[object], kwargs: list[tuple[str, object]], node: Tree[Token]
    ) -> ModelValue:
        self._refuse_model_trainable(kwargs, node)
        kw = dict(kwargs)
        inputs = kw.get("inputs", args[0] if args else None)
        outputs = kw.get("outputs", args[1] if len(args) > 1 else None)
        ins = self._tensors_of(inputs, "inputs", node)
        outs = self._tensors_of(outputs, "outputs", node)
        for t in ins:
            if t.layer is not None:
                raise ParamError("keras.Model's inputs here are keras.Input tensors; a "
                                 "layer's output as a model input isn't supported.",
                                 position=self._pos(node))
        if len(set(map(id, ins))) != len(ins):
            raise ParamError("The same Input is given twice in keras.Model's inputs; Keras "
                             "refuses that.", position=self._pos(node))
        name = self._model_name("Functional", kwargs)
        graph, layers = self._graph(ins, outs)
        return ModelValue("keras", "Functional", layers, ins[0].input_shape,
                          position=self._at(node), input_name=ins[0].input_name, graph=graph,
                          name=name)

    def _tensors_of(self, value: object, what: str, node: Tree[Token]) -> list[TensorValue]:
        """keras.Model's ``inputs`` or ``outputs``: one tensor, or a list or tuple of them."""
        tensors = list(value) if isinstance(value, (list, tuple)) else [value]
        if not tensors or not all(isinstance(t, TensorValue) for t in tensors):
            raise ParamError(
                f"keras.Model(inputs, outputs) takes Keras tensors as its {what} (one, or a "
                "list of them); a dict or anything else isn't supported.",
                position=self._pos(node))
        return tensors  # type: ignore[return-value]  # checked just above

    def _graph(self, ins: list[TensorValue],
               outs: list[TensorValue]) -> tuple[Graph, list[LayerValue]]:
        """The paste's calls so far as an engine graph, and the layers the model holds."""
        from ..engine.functional import Graph, Node, Op

        index = {id(t): i for i, t in enumerate(self._calls)}
        ops: list[Op] = []
        op_of: dict[int, int] = {}
        nodes: list[Node] = []
        for t in self._calls:
            owner: object = t if t.layer is None else t.layer
            at = op_of.get(id(owner))
            if at is None:
                at = op_of[id(owner)] = len(ops)
                if t.layer is None:
                    ops.append(Op(t.input_name, None, t.input_shape))
                elif isinstance(t.layer, ModelValue):
                    ops.append(Op(t.layer.name or "model", nested=_nested(t.layer)))
                else:
                    ops.append(Op(t.layer.name or keras_auto_name(t.layer.made.layer.TYPE),
                                  t.layer.made.layer))
            nodes.append(Node(at, tuple(index[id(p)] for p in t.parents), t.listed))
        held: list[LayerValue] = []
        seen: set[int] = set()
        todo = list(outs)
        while todo:
            t = todo.pop()
            if id(t) in seen:
                continue
            seen.add(id(t))
            if isinstance(t.layer, LayerValue) and all(lv is not t.layer for lv in held):
                t.layer.used = True
                held.append(t.layer)
            todo.extend(t.parents)
        graph = Graph(tuple(ops), tuple(nodes), tuple(index[id(t)] for t in ins),
                      tuple(index[id(t)] for t in outs),
                      frozenset(index[i] for i in self._modelled))
        self._modelled |= seen
        return graph, held

    def _method(
        self, method: BoundMethod, args: list[object], kwargs: list[tuple[str, object]],
        node: Tree[Token],
    ) -> object:
        if method.name == "add":
            if len(args) != 1:
                raise ParamError("model.add(...) takes one layer.", position=self._pos(node))
            self._add(method.owner, args[0], node)
            return None
        if method.name == "build" and method.owner.framework == "keras":
            # model.build((None, 100)): the input shape, batch axis first
            kw = dict(kwargs)
            shape = kw.get("input_shape", args[0] if args else None)
            if shape is not None:
                dims = _shape(shape, "input_shape", self._at(node))
                if method.owner.input_shape is None and dims:
                    method.owner.input_shape = dims[1:]
                    self._next_input_name()  # Keras makes the InputLayer here
                elif dims and tuple(dims[1:]) != tuple(method.owner.input_shape or ()):
                    # Keras: "has already been configured to use input shape (None, 4). You
                    # cannot build it with input_shape (None, 8)"
                    raise ParamError(
                        f"Keras refuses this model.build: the model already has input "
                        f"{tuple(method.owner.input_shape or ())}, and can't be built on "
                        f"{tuple(dims[1:])}.", position=self._pos(node))
            return None
        if method.name in _RETURNS_SELF and method.owner.framework == "pytorch":
            # nn.Sequential(...).eval(), .to(device), .cuda(): the same module, moved or
            # switched, with the same parameters
            return method.owner
        if method.name in _IGNORED_CALLS:
            return Ignored(method.name)
        raise ParamError(f"parambot doesn't follow `model.{method.name}(...)`.",
                         position=self._pos(node))

    def _apply(self, layer: LayerValue | ModelValue, args: list[object],
               kwargs: list[tuple[str, object]], node: Tree[Token]) -> object:
        if layer.framework == "pytorch":
            raise ParamError(
                "Calling a PyTorch module on a tensor is part of forward(); parambot counts "
                "modules from their constructors.",
                position=self._pos(node),
            )
        attention = _attention_call(layer, args, kwargs)
        if attention is not None:
            # layers.MultiHeadAttention(4, 16)(x, x), (query=q, value=v, key=k): one call
            # on its query, value and key tensors
            layer.used = True
            out = TensorValue(None, layer, attention, False)
            self._calls.append(out)
            return out
        given = args[0] if len(args) == 1 else None
        listed = isinstance(given, (list, tuple))
        kind = layer.made.layer.TYPE if isinstance(layer, LayerValue) else None
        tensors = list(given) if isinstance(given, (list, tuple)) else [given]
        if (len(args) != 1 or not tensors
                or not all(isinstance(t, TensorValue) for t in tensors)
                or any(_holds_tensor(v) for _, v in kwargs)):
            if kind in LIST_CALLED and len(args) > 1:
                # Attention()(q, v): Keras takes the second tensor for the mask and refuses
                raise ParamError(list_called_refusal(kind, f"{len(args)} separate tensors"),
                                 position=self._pos(node))
            raise ParamError(
                "A layer here is called on one tensor, a merge layer on a list of tensors "
                "(layers.Add()([x, y])), and MultiHeadAttention on its query and value "
                "(mha(q, v), mha(q, v, k), mha(query=q, value=v)); other tensor arguments "
                "(key= by keyword, a mask, attention scores) aren't supported in pasted code "
                "yet.",
                position=self._pos(node),
            )
        if kind in LIST_CALLED:
            if isinstance(given, tuple):
                # Keras checks for a list: "must be called on a list of inputs"
                raise ParamError(list_called_refusal(kind, "a tuple"),
                                 position=self._pos(node))
            scores = dict(kwargs).get("return_attention_scores", False)
            if scores is not False:
                raise ParamError(
                    f"With return_attention_scores, {kind} returns two tensors (the output "
                    "and the scores); parambot follows layers that return one. The count is "
                    "the same without it.", position=self._pos(node))
        if isinstance(layer, ModelValue):
            if layer.kind != "Sequential" and layer.graph is None:
                raise ParamError(f"parambot can't call a Keras {layer.kind} on a tensor.",
                                 position=self._pos(node))
            if len(tensors) != 1:
                raise ParamError("A model called as a layer here takes one tensor (a model "
                                 "with several inputs isn't supported as a layer yet).",
                                 position=self._pos(node))
            layer.called = True
        layer.used = True
        out = TensorValue(None, layer, tuple(tensors), listed)  # type: ignore[arg-type]
        self._calls.append(out)
        return out

    # -- helpers -------------------------------------------------------------------------

    def _source(self, node: Tree[Token]) -> str:
        return source_of(self.source, node)

    def _pos(self, node: Tree[Token] | Token) -> int:
        """Where an error at ``node`` points: exact, from a second reading with positions
        (errors only; an answer never pays for it)."""
        exact = None
        if self.root is not None:
            exact = exact_start(self.source, self.start, self.root, node)
        return exact if exact is not None else self._at(node)

    def _at(self, node: Tree[Token] | Token) -> int:
        """Where ``node`` starts, from its tokens (cheap: for values that keep a position
        in case a later error needs it)."""
        return first_pos(node, self.source) or 0

    def _label_of(self, stmt: Tree[Token]) -> str:
        return strip_prefixes(self._source(stmt))


@dataclass(frozen=True)
class _SameModule:
    """``.to`` / ``.eval`` / ``.cuda`` ... of a PyTorch layer: calling it gives the layer."""

    owner: LayerValue


#: Keras layers called on a query, a value and (optionally) a key tensor.
_ATTENTION_CALLS = frozenset({"MultiHeadAttention", "GroupedQueryAttention"})


def _attention_call(layer: object, args: list[object], kwargs: list[tuple[str, object]]
                    ) -> tuple[TensorValue, ...] | None:
    """``mha(x, x)``, ``mha(q, v, k)``, ``mha(query=q, value=v)``: the tensors in Keras'
    order (query, value, key), or None when this is no such call (masks, attention scores
    and other tensor arguments are not read: the caller refuses them)."""
    if not isinstance(layer, LayerValue) or layer.made.layer.TYPE not in _ATTENTION_CALLS:
        return None
    kw = dict(kwargs)
    names = ("query", "value")
    # (key= by keyword is left out: Keras then orders the model's inputs by keyword name,
    # which parambot doesn't follow)
    if len(args) > 3 or set(kw) - set(names) or any(n in kw for n in names[:len(args)]):
        return None
    got = list(args) + [kw[n] for n in names[len(args):] if n in kw]
    if len(got) < 2:
        return None
    if not all(isinstance(t, TensorValue) for t in got):
        return None
    return tuple(got)  # type: ignore[arg-type]


def strip_prefixes(text: str) -> str:
    for prefix in ("tf.keras.layers.", "keras.layers.", "layers.", "torch.nn.", "nn."):
        text = text.replace(prefix, "" if "keras" in prefix or prefix == "layers." else "nn.")
    return text.replace("nn.nn.", "nn.")


def _shape(value: object, what: str, position: int) -> Shape:
    if isinstance(value, int) and not isinstance(value, bool):
        value = (value,)
    if not isinstance(value, (tuple, list)):
        raise ParamError(f"`{what}` must be a tuple of sizes, like (28, 28).", position=position)
    dims: list[int | None] = []
    for v in value:
        if v is None:
            dims.append(None)
        elif isinstance(v, int) and not isinstance(v, bool) and v > 0:
            dims.append(v)
        else:
            raise ParamError(f"`{what}` holds positive sizes or None; got {v!r}.",
                             position=position)
    return tuple(dims)


def _unwrap(value: object) -> object:
    if isinstance(value, LayerValue):
        return value.made.layer
    if isinstance(value, list):
        return [_unwrap(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_unwrap(v) for v in value)
    return value


@cache
def _case_insensitive(framework: Framework) -> dict[str, str]:
    """Lower-case class name -> class name, for names that are unique that way."""
    from ..engine.catalogue import known_names

    seen: dict[str, list[str]] = {}
    for name in known_names(framework):
        seen.setdefault(name.lower(), []).append(name)
    return {k: v[0] for k, v in seen.items() if len(v) == 1}


def _vocabulary(frameworks: tuple[Framework, ...]) -> list[str]:
    from ..engine.catalogue import known_names

    out: list[str] = []
    for fw in frameworks:
        out.extend(known_names(fw))
    return out


def _is_num(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _exact_div(a: float, b: float) -> float | int:
    if isinstance(a, int) and isinstance(b, int) and a % b == 0:
        return a // b
    return a / b


#: Methods of a named model that only read it (``model.summary()``, ``sum(p.numel() for p
#: in model.parameters())``).
_NAMED_MODEL_READS = frozenset({"summary", "count_params", "parameters", "named_parameters",
                                "eval", "train", "to", "cpu", "cuda"})


def _nested(model: ModelValue) -> Nested:
    """A Keras model called as a layer, for the engine."""
    from ..engine.functional import Nested

    return Nested(model.kind, tuple(lv.made.layer for lv in model.layers),
                  tuple(lv.name for lv in model.layers), model.input_shape, model.graph)


def _holds_tensor(v: object) -> bool:
    """A Keras tensor, or a list or tuple with one in it."""
    if isinstance(v, (list, tuple)):
        return any(_holds_tensor(x) for x in v)
    return isinstance(v, TensorValue)


def _kind(v: object) -> str:
    if isinstance(v, LayerValue):
        return f"a {v.made.layer.TYPE} layer"
    if isinstance(v, ModelValue):
        return "a model"
    if isinstance(v, TensorValue):
        return "a tensor"
    if isinstance(v, Module):
        return f"`{v.path}`"
    return type(v).__name__
