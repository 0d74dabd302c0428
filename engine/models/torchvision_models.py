"""``torchvision.models`` (``weights=None``, 3×224×224 input), built module by module.

Each builder takes ``options.ModelOptions`` (``num_classes``, as ``classes``, and the input
fed to the model), already checked by ``options.check_torchvision``.

Rows are the leaf modules in ``named_modules()`` order, named by their dotted path, so a
row's weight ``weight`` is the parameter ``<row>.weight`` that ``named_parameters()``
lists. Functional steps in ``forward`` (``torch.flatten``, the residual ``+``) have no
module and no row; shapes are carried across them here.
"""

from __future__ import annotations

from collections.abc import Callable

from ..core import Shape, Weight, elements
from ..model import Subject
from .graph import (
    DENSENET121_BLOCKS,
    Figures,
    Net,
    Tally,
    concat,
    densenet121_tally,
    mobilenet_v2_tally,
    stage_lines,
)
from .options import DEFAULT, ModelOptions


def _flat(x: Shape) -> Shape:
    return (elements(x),)


def _image(opts: ModelOptions) -> Shape:
    return opts.input_shape or (3, 224, 224)


def _conv_bn_act(net: Net, x: Shape, prefix: str, c_in: int, c_out: int, k: int,
                 stride: int = 1, groups: int = 1, act: str | None = "ReLU",
                 eps: float = 1e-5) -> Shape:
    """torchvision's ``Conv2dNormActivation``: children ``0`` conv, ``1`` BN, ``2`` act."""
    x = net.add("Conv2d", x, c_in, c_out, k, stride=stride, padding=(k - 1) // 2,
                groups=groups, bias=False, name=f"{prefix}.0")
    x = net.add("BatchNorm2d", x, c_out, eps=eps, name=f"{prefix}.1")
    if act is not None:
        x = net.add(act, x, name=f"{prefix}.2")
    return x


# -- ResNet ---------------------------------------------------------------------------------


#: depth -> (blocks per stage, bottleneck blocks)
_RESNET = {18: ((2, 2, 2, 2), False), 34: ((3, 4, 6, 3), False), 50: ((3, 4, 6, 3), True),
           101: ((3, 4, 23, 3), True), 152: ((3, 8, 36, 3), True)}


def resnet(depth: int, opts: ModelOptions = DEFAULT) -> Subject:
    blocks, bottleneck = _RESNET[depth]
    expansion = 4 if bottleneck else 1
    net = Net("pytorch")
    x = _image(opts)
    x = net.add("Conv2d", x, 3, 64, 7, stride=2, padding=3, bias=False, name="conv1")
    x = net.add("BatchNorm2d", x, 64, name="bn1")
    x = net.add("ReLU", x, name="relu")
    x = net.add("MaxPool2d", x, 3, stride=2, padding=1, name="maxpool")
    c_in = 64
    for stage, (n, planes) in enumerate(zip(blocks, (64, 128, 256, 512), strict=True), 1):
        for b in range(n):
            stride = 2 if stage > 1 and b == 0 else 1
            p = f"layer{stage}.{b}"
            inp = x
            if bottleneck:
                x = net.add("Conv2d", x, c_in, planes, 1, bias=False, name=p + ".conv1")
                x = net.add("BatchNorm2d", x, planes, name=p + ".bn1")
                x = net.add("Conv2d", x, planes, planes, 3, stride=stride, padding=1,
                            bias=False, name=p + ".conv2")
                x = net.add("BatchNorm2d", x, planes, name=p + ".bn2")
                x = net.add("Conv2d", x, planes, planes * 4, 1, bias=False, name=p + ".conv3")
                x = net.add("BatchNorm2d", x, planes * 4, name=p + ".bn3")
                x = net.add("ReLU", x, name=p + ".relu")
            else:
                x = net.add("Conv2d", x, c_in, planes, 3, stride=stride, padding=1,
                            bias=False, name=p + ".conv1")
                x = net.add("BatchNorm2d", x, planes, name=p + ".bn1")
                x = net.add("ReLU", x, name=p + ".relu")
                x = net.add("Conv2d", x, planes, planes, 3, padding=1, bias=False,
                            name=p + ".conv2")
                x = net.add("BatchNorm2d", x, planes, name=p + ".bn2")
            if stride != 1 or c_in != planes * expansion:
                s = net.add("Conv2d", inp, c_in, planes * expansion, 1, stride=stride,
                            bias=False, name=p + ".downsample.0")
                s = net.add("BatchNorm2d", s, planes * expansion, name=p + ".downsample.1")
                assert s == x
            c_in = planes * expansion
    x = net.add("AdaptiveAvgPool2d", x, (1, 1), name="avgpool")
    x = net.add("Linear", _flat(x), c_in, opts.classes or 1000, name="fc")
    return _with_stages(net.subject(f"torchvision resnet{depth}", _image(opts), x))


def resnet_figures(depth: int) -> Figures:
    blocks, bottleneck = _RESNET[depth]
    expansion = 4 if bottleneck else 1
    t = Tally("pytorch")
    t.conv_norm(7, 3, 64)
    c = 64
    for stage, (n, planes) in enumerate(zip(blocks, (64, 128, 256, 512), strict=True), 1):
        for b in range(n):
            convs: tuple[tuple[int, int, int], ...]
            if bottleneck:
                convs = ((1, c, planes), (3, planes, planes), (1, planes, 4 * planes))
            else:
                convs = ((3, c, planes), (3, planes, planes))
            for k, c_in, c_out in convs:
                t.conv_norm(k, c_in, c_out)
            if (stage > 1 and b == 0) or c != planes * expansion:  # downsample
                t.conv_norm(1, c, planes * expansion)
            c = planes * expansion
    t.dense(c, 1000)
    return t.figures()


# -- VGG, AlexNet, SqueezeNet ---------------------------------------------------------------


_VGG: dict[int, tuple[int, ...]] = {
    11: (64, 0, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0),
    16: (64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0),
    19: (64, 64, 0, 128, 128, 0, 256, 256, 256, 256, 0, 512, 512, 512, 512, 0,
         512, 512, 512, 512, 0),
}


def vgg(depth: int, opts: ModelOptions = DEFAULT) -> Subject:
    cfg = _VGG[depth]
    net = Net("pytorch")
    x = _image(opts)
    c_in = 3
    i = 0
    for v in cfg:  # 0 stands for torchvision's "M" (a 2×2 max pool)
        if v == 0:
            x = net.add("MaxPool2d", x, kernel_size=2, stride=2, name=f"features.{i}")
            i += 1
        else:
            x = net.add("Conv2d", x, c_in, v, kernel_size=3, padding=1, name=f"features.{i}")
            x = net.add("ReLU", x, name=f"features.{i + 1}")
            c_in, i = v, i + 2
    x = net.add("AdaptiveAvgPool2d", x, (7, 7), name="avgpool")
    x = _classifier(net, _flat(x), ("Linear", 4096), "ReLU", "Dropout", ("Linear", 4096),
                    "ReLU", "Dropout", ("Linear", opts.classes or 1000))
    return _with_stages(net.subject(f"torchvision vgg{depth}", _image(opts), x))


def vgg_figures(depth: int) -> Figures:
    t, c = Tally("pytorch"), 3
    for v in _VGG[depth]:
        if v:
            t.conv(3, c, v, bias=True)
            c = v
    for n_in, n_out in ((512 * 7 * 7, 4096), (4096, 4096), (4096, 1000)):
        t.dense(n_in, n_out)
    return t.figures()


def _classifier(net: Net, x: Shape, *parts: str | tuple[str, int]) -> Shape:
    for j, part in enumerate(parts):
        if isinstance(part, tuple):
            c = x[-1]
            assert c is not None
            x = net.add(part[0], x, c, part[1], name=f"classifier.{j}")
        else:
            x = net.add(part, x, name=f"classifier.{j}")
    return x


def alexnet(opts: ModelOptions = DEFAULT) -> Subject:
    net = Net("pytorch")
    x = _image(opts)
    # (in, out, kernel, stride, padding) for a conv; 0 for ReLU; -1 for a 3/2 max pool
    plan: list[tuple[int, ...] | int] = [
        (3, 64, 11, 4, 2), 0, -1, (64, 192, 5, 1, 2), 0, -1, (192, 384, 3, 1, 1), 0,
        (384, 256, 3, 1, 1), 0, (256, 256, 3, 1, 1), 0, -1]
    for i, step in enumerate(plan):
        name = f"features.{i}"
        if isinstance(step, tuple):
            c_in, c_out, k, s, p = step
            x = net.add("Conv2d", x, c_in, c_out, kernel_size=k, stride=s, padding=p,
                        name=name)
        elif step == 0:
            x = net.add("ReLU", x, name=name)
        else:
            x = net.add("MaxPool2d", x, kernel_size=3, stride=2, name=name)
    x = net.add("AdaptiveAvgPool2d", x, (6, 6), name="avgpool")
    x = _classifier(net, _flat(x), "Dropout", ("Linear", 4096), "ReLU", "Dropout",
                    ("Linear", 4096), "ReLU", ("Linear", opts.classes or 1000))
    return _with_stages(net.subject("torchvision alexnet", _image(opts), x))


def squeezenet1_0(opts: ModelOptions = DEFAULT) -> Subject:
    net = Net("pytorch")
    x = _image(opts)
    x = net.add("Conv2d", x, 3, 96, kernel_size=7, stride=2, name="features.0")
    x = net.add("ReLU", x, name="features.1")
    fires = {3: (96, 16, 64), 4: (128, 16, 64), 5: (128, 32, 128), 7: (256, 32, 128),
             8: (256, 48, 192), 9: (384, 48, 192), 10: (384, 64, 256), 12: (512, 64, 256)}
    for i in range(2, 13):
        p = f"features.{i}"
        if i not in fires:
            x = net.add("MaxPool2d", x, kernel_size=3, stride=2, ceil_mode=True, name=p)
            continue
        c_in, sq, ex = fires[i]
        s = net.add("Conv2d", x, c_in, sq, kernel_size=1, name=p + ".squeeze")
        s = net.add("ReLU", s, name=p + ".squeeze_activation")
        a = net.add("Conv2d", s, sq, ex, kernel_size=1, name=p + ".expand1x1")
        a = net.add("ReLU", a, name=p + ".expand1x1_activation")
        b = net.add("Conv2d", s, sq, ex, kernel_size=3, padding=1, name=p + ".expand3x3")
        b = net.add("ReLU", b, name=p + ".expand3x3_activation")
        x = concat((a, b), 0)
    x = net.add("Dropout", x, 0.5, name="classifier.0")
    x = net.add("Conv2d", x, 512, opts.classes or 1000, kernel_size=1, name="classifier.1")
    x = net.add("ReLU", x, name="classifier.2")
    x = net.add("AdaptiveAvgPool2d", x, (1, 1), name="classifier.3")
    return _with_stages(net.subject("torchvision squeezenet1_0", _image(opts), _flat(x)))


# -- MobileNetV2, EfficientNet-B0 -----------------------------------------------------------


#: (expansion t, channels c, repeats n, first stride s) per stage
_MOBILENET_V2 = ((1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1),
                 (6, 160, 3, 2), (6, 320, 1, 1))


def mobilenet_v2(opts: ModelOptions = DEFAULT) -> Subject:
    net = Net("pytorch")
    x = _image(opts)
    x = _conv_bn_act(net, x, "features.0", 3, 32, 3, stride=2, act="ReLU6")
    c_in, i = 32, 1
    for t, c, n, s in _MOBILENET_V2:
        for j in range(n):
            p = f"features.{i}.conv"
            hidden = c_in * t
            k = 0
            if t != 1:
                x = _conv_bn_act(net, x, f"{p}.{k}", c_in, hidden, 1, act="ReLU6")
                k += 1
            x = _conv_bn_act(net, x, f"{p}.{k}", hidden, hidden, 3, stride=s if j == 0 else 1,
                             groups=hidden, act="ReLU6")
            x = net.add("Conv2d", x, hidden, c, 1, bias=False, name=f"{p}.{k + 1}")
            x = net.add("BatchNorm2d", x, c, name=f"{p}.{k + 2}")
            c_in, i = c, i + 1
    x = _conv_bn_act(net, x, "features.18", 320, 1280, 1, act="ReLU6")
    x = _classifier(net, (1280,), "Dropout", ("Linear", opts.classes or 1000))
    return _with_stages(net.subject("torchvision mobilenet_v2", _image(opts), x))


def mobilenet_v2_figures() -> Figures:
    return mobilenet_v2_tally("pytorch", ((c, expansion) for expansion, c, n, _s
                                          in _MOBILENET_V2 for _ in range(n)))


def efficientnet_b0(opts: ModelOptions = DEFAULT) -> Subject:
    net = Net("pytorch")
    x = _image(opts)
    x = _conv_bn_act(net, x, "features.0", 3, 32, 3, stride=2, act="SiLU", eps=1e-3)
    for stage, (t, k, s, c_in, c_out, n) in enumerate(
            ((1, 3, 1, 32, 16, 1), (6, 3, 2, 16, 24, 2), (6, 5, 2, 24, 40, 2),
             (6, 3, 2, 40, 80, 3), (6, 5, 1, 80, 112, 3), (6, 5, 2, 112, 192, 4),
             (6, 3, 1, 192, 320, 1)), 1):
        for j in range(n):
            if j:
                s, c_in = 1, c_out
            p = f"features.{stage}.{j}"
            inp, hidden, b = x, c_in * t, 0
            if t != 1:
                x = _conv_bn_act(net, x, f"{p}.block.0", c_in, hidden, 1, act="SiLU", eps=1e-3)
                b = 1
            x = _conv_bn_act(net, x, f"{p}.block.{b}", hidden, hidden, k, stride=s,
                             groups=hidden, act="SiLU", eps=1e-3)
            se = f"{p}.block.{b + 1}"
            y = net.add("AdaptiveAvgPool2d", x, 1, name=se + ".avgpool")
            y1 = net.add("Conv2d", y, hidden, max(1, c_in // 4), 1, name=se + ".fc1")
            y = net.add("Conv2d", y1, max(1, c_in // 4), hidden, 1, name=se + ".fc2")
            net.add("SiLU", y1, name=se + ".activation")  # runs between fc1 and fc2
            net.add("Sigmoid", y, name=se + ".scale_activation")
            x = _conv_bn_act(net, x, f"{p}.block.{b + 2}", hidden, c_out, 1, act=None, eps=1e-3)
            net.add("StochasticDepth", x, name=p + ".stochastic_depth")
            assert s != 1 or c_in != c_out or x == inp
    x = _conv_bn_act(net, x, "features.8", 320, 1280, 1, act="SiLU", eps=1e-3)
    x = net.add("AdaptiveAvgPool2d", x, 1, name="avgpool")
    x = _classifier(net, _flat(x), "Dropout", ("Linear", opts.classes or 1000))
    return _with_stages(net.subject("torchvision efficientnet_b0", _image(opts), x))


# -- DenseNet-121 ---------------------------------------------------------------------------


def densenet121(opts: ModelOptions = DEFAULT) -> Subject:
    net = Net("pytorch")
    x = _image(opts)
    x = net.add("Conv2d", x, 3, 64, kernel_size=7, stride=2, padding=3, bias=False,
                name="features.conv0")
    x = net.add("BatchNorm2d", x, 64, name="features.norm0")
    x = net.add("ReLU", x, name="features.relu0")
    x = net.add("MaxPool2d", x, kernel_size=3, stride=2, padding=1, name="features.pool0")
    c = 64
    for b, n in enumerate(DENSENET121_BLOCKS, 1):
        for i in range(1, n + 1):
            p = f"features.denseblock{b}.denselayer{i}"
            y = net.add("BatchNorm2d", x, c, name=p + ".norm1")
            y = net.add("ReLU", y, name=p + ".relu1")
            y = net.add("Conv2d", y, c, 128, kernel_size=1, bias=False, name=p + ".conv1")
            y = net.add("BatchNorm2d", y, 128, name=p + ".norm2")
            y = net.add("ReLU", y, name=p + ".relu2")
            y = net.add("Conv2d", y, 128, 32, kernel_size=3, padding=1, bias=False,
                        name=p + ".conv2")
            x = concat((x, y), 0)
            c += 32
        if b < 4:
            p = f"features.transition{b}"
            x = net.add("BatchNorm2d", x, c, name=p + ".norm")
            x = net.add("ReLU", x, name=p + ".relu")
            x = net.add("Conv2d", x, c, c // 2, kernel_size=1, bias=False, name=p + ".conv")
            x = net.add("AvgPool2d", x, kernel_size=2, stride=2, name=p + ".pool")
            c //= 2
    x = net.add("BatchNorm2d", x, c, name="features.norm5")
    x = net.add("Linear", (c,), c, opts.classes or 1000, name="classifier")
    return _with_stages(net.subject("torchvision densenet121", _image(opts), x), 2)


# -- ViT-B/16 -------------------------------------------------------------------------------


def vit_b_16(opts: ModelOptions = DEFAULT) -> Subject:
    d, heads, mlp, layers, patch = 768, 12, 3072, 12, 16
    net = Net("pytorch")
    tokens = (224 // patch) ** 2 + 1
    net.raw("class_token", "Parameter", (1, d), (Weight("class_token", (1, 1, d)),),
            (f"class token 1 × 1 × {d} = {d:,}",))
    x = net.add("Conv2d", (3, 224, 224), 3, d, kernel_size=patch, stride=patch,
                name="conv_proj")
    n_patches = elements(x[1:])
    net.raw("encoder.pos_embedding", "Parameter", (tokens, d),
            (Weight("pos_embedding", (1, tokens, d)),),
            (f"position embedding 1 × ({n_patches} patches + 1 class token) × {d} = "
             f"{tokens * d:,}",))
    seq: Shape = (tokens, d)
    net.add("Dropout", seq, name="encoder.dropout")
    for i in range(layers):
        p = f"encoder.layers.encoder_layer_{i}"
        net.add("LayerNorm", seq, d, eps=1e-6, name=p + ".ln_1")
        net.add("MultiheadAttention", seq, d, heads, batch_first=True,
                name=p + ".self_attention")
        net.add("Dropout", seq, name=p + ".dropout")
        net.add("LayerNorm", seq, d, eps=1e-6, name=p + ".ln_2")
        h = net.add("Linear", seq, d, mlp, name=p + ".mlp.0")
        net.add("GELU", h, name=p + ".mlp.1")
        net.add("Dropout", h, name=p + ".mlp.2")
        net.add("Linear", h, mlp, d, name=p + ".mlp.3")
        net.add("Dropout", seq, name=p + ".mlp.4")
    net.add("LayerNorm", seq, d, eps=1e-6, name="encoder.ln")
    x = net.add("Linear", (d,), d, opts.classes or 1000, name="heads.head")
    return _with_stages(net.subject("torchvision vit_b_16", (3, 224, 224), x), 1)


def _with_stages(subject: Subject, depth: int = 1) -> Subject:
    from dataclasses import replace

    return replace(subject, derivation=("by part: " + stage_lines(subject, depth)[0],))


#: Figures by arithmetic, for the models ``compare_note`` sets against Keras' (see
#: ``keras_apps.FIGURES``).
FIGURES: dict[str, Callable[[], Figures]] = {
    "resnet50": lambda: resnet_figures(50),
    "resnet101": lambda: resnet_figures(101),
    "resnet152": lambda: resnet_figures(152),
    "vgg16": lambda: vgg_figures(16),
    "vgg19": lambda: vgg_figures(19),
    "mobilenet_v2": mobilenet_v2_figures,
    "densenet121": lambda: densenet121_tally("pytorch"),
}

#: name -> builder, called with the options (``DEFAULT`` when left out).
BUILDERS: dict[str, Callable[..., Subject]] = {
    "resnet18": lambda opts=DEFAULT: resnet(18, opts),
    "resnet34": lambda opts=DEFAULT: resnet(34, opts),
    "resnet50": lambda opts=DEFAULT: resnet(50, opts),
    "resnet101": lambda opts=DEFAULT: resnet(101, opts),
    "resnet152": lambda opts=DEFAULT: resnet(152, opts),
    "vgg11": lambda opts=DEFAULT: vgg(11, opts),
    "vgg16": lambda opts=DEFAULT: vgg(16, opts),
    "vgg19": lambda opts=DEFAULT: vgg(19, opts),
    "alexnet": alexnet,
    "mobilenet_v2": mobilenet_v2,
    "densenet121": densenet121,
    "squeezenet1_0": squeezenet1_0,
    "efficientnet_b0": efficientnet_b0,
    "vit_b_16": vit_b_16,
}
