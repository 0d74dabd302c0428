"""``keras.applications`` models (``weights=None, include_top=True``, 224×224×3 input
unless the model says otherwise), built layer by layer with the names Keras gives them.

Each function follows the architecture code in ``keras/src/applications/<model>.py``, so
``model.layers`` and these rows line up one to one. Each takes the options Keras' own
function takes (``include_top``, ``classes``, ``pooling``, ``input_shape``: see
``options.ModelOptions``), already checked by ``options.check_keras``.
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
from .options import DEFAULT, ModelOptions, keras_input

BN_EPS = 1.001e-5


def _input(net: Net, name: str, opts: ModelOptions) -> Shape:
    return net.raw("input_layer", "InputLayer", keras_input(name, opts))


def _pooled(net: Net, x: Shape, opts: ModelOptions, named: bool) -> Shape:
    """The end of a model built without its top: ``pooling='avg'`` or ``'max'`` adds a
    global pooling layer (named ``avg_pool`` / ``max_pool`` by the models that name it)."""
    if opts.pooling == "avg":
        return net.add("GlobalAveragePooling2D", x, name="avg_pool" if named else None)
    if opts.pooling == "max":
        return net.add("GlobalMaxPooling2D", x, name="max_pool" if named else None)
    return x


def _add(net: Net, a: Shape, b: Shape, name: str | None = None) -> Shape:
    assert a == b, (a, b)
    return net.raw(name, "Add", a)


def _pad(net: Net, x: Shape, padding: tuple[tuple[int, int], tuple[int, int]],
         name: str) -> Shape:
    (t, b), (left, r) = padding
    h, w, c = x
    return net.add("ZeroPadding2D", x, padding=padding, name=name,
                   out=(None if h is None else h + t + b, None if w is None else w + left + r,
                        c))


def _correct_pad(shape: Shape, k: int) -> tuple[tuple[int, int], tuple[int, int]]:
    """``imagenet_utils.correct_pad``: pad so a stride-2 'valid' conv halves the size (for
    an unknown size, Keras pads as for an even one)."""
    h, w = shape[0], shape[1]
    c = k // 2
    if h is None or w is None:
        return ((c - 1, c), (c - 1, c))
    return ((c - (1 - h % 2), c), (c - (1 - w % 2), c))


def _classifier(net: Net, x: Shape, opts: ModelOptions, *, named_pool: bool,
                top_pool: str | None = None) -> Shape:
    """Global average pooling and the softmax ``predictions`` layer (ResNet, MobileNetV2,
    DenseNet, InceptionV3, Xception); without the top, the optional pooling instead.
    ``top_pool``: the top's pooling layer's name when the model names it and its
    ``pooling`` option's layer does not."""
    if not opts.include_top:
        return _pooled(net, x, opts, named_pool)
    name = top_pool or ("avg_pool" if named_pool else None)
    x = net.add("GlobalAveragePooling2D", x, name=name)
    return net.add("Dense", x, opts.classes or 1000, activation="softmax",
                   name="predictions")


# -- VGG ------------------------------------------------------------------------------------


_VGG = {16: (2, 2, 3, 3, 3), 19: (2, 2, 4, 4, 4)}  # 3×3 convolutions per block
_VGG_FILTERS = (64, 128, 256, 512, 512)


def vgg(depth: int, opts: ModelOptions = DEFAULT) -> Subject:
    convs = _VGG[depth]
    net = Net("keras")
    image = x = _input(net, f"VGG{depth}", opts)
    for b, (n, filters) in enumerate(zip(convs, _VGG_FILTERS, strict=True), 1):
        for i in range(1, n + 1):
            x = net.add("Conv2D", x, filters, (3, 3), activation="relu", padding="same",
                        name=f"block{b}_conv{i}")
        x = net.add("MaxPooling2D", x, (2, 2), strides=(2, 2), name=f"block{b}_pool")
    if opts.include_top:
        x = net.add("Flatten", x, name="flatten", out=(elements(x),))
        x = net.add("Dense", x, 4096, activation="relu", name="fc1")
        x = net.add("Dense", x, 4096, activation="relu", name="fc2")
        x = net.add("Dense", x, opts.classes or 1000, activation="softmax",
                    name="predictions")
    else:
        x = _pooled(net, x, opts, named=False)
    s = net.subject(f"VGG{depth}", image, x)
    return _with_stages(s, 1)


def vgg_figures(depth: int) -> Figures:
    t, c = Tally("keras"), 3
    for n, filters in zip(_VGG[depth], _VGG_FILTERS, strict=True):
        for _ in range(n):
            t.conv(3, c, filters, bias=True)
            c = filters
    for n_in, n_out in ((7 * 7 * 512, 4096), (4096, 4096), (4096, 1000)):
        t.dense(n_in, n_out)
    return t.figures()


# -- ResNet ---------------------------------------------------------------------------------


def _resnet_block(net: Net, x: Shape, filters: int, stride: int, shortcut: bool,
                  name: str) -> Shape:
    # Keras lists the main path's layers before the shortcut's: it orders by depth.
    y = net.add("Conv2D", x, filters, 1, strides=stride, name=name + "_1_conv")
    y = net.add("BatchNormalization", y, axis=3, epsilon=BN_EPS, name=name + "_1_bn")
    y = net.add("Activation", y, "relu", name=name + "_1_relu")
    y = net.add("Conv2D", y, filters, 3, padding="same", name=name + "_2_conv")
    y = net.add("BatchNormalization", y, axis=3, epsilon=BN_EPS, name=name + "_2_bn")
    y = net.add("Activation", y, "relu", name=name + "_2_relu")
    if shortcut:
        s = net.add("Conv2D", x, 4 * filters, 1, strides=stride, name=name + "_0_conv")
        y = net.add("Conv2D", y, 4 * filters, 1, name=name + "_3_conv")
        s = net.add("BatchNormalization", s, axis=3, epsilon=BN_EPS, name=name + "_0_bn")
    else:
        s = x
        y = net.add("Conv2D", y, 4 * filters, 1, name=name + "_3_conv")
    y = net.add("BatchNormalization", y, axis=3, epsilon=BN_EPS, name=name + "_3_bn")
    y = _add(net, s, y, name + "_add")
    return net.add("Activation", y, "relu", name=name + "_out")


_RESNET = {50: (3, 4, 6, 3), 101: (3, 4, 23, 3), 152: (3, 8, 36, 3)}  # blocks per stage


def resnet(depth: int, opts: ModelOptions = DEFAULT) -> Subject:
    blocks = _RESNET[depth]
    net = Net("keras")
    image = x = _input(net, f"ResNet{depth}", opts)
    x = _pad(net, x, ((3, 3), (3, 3)), "conv1_pad")
    x = net.add("Conv2D", x, 64, 7, strides=2, name="conv1_conv")
    x = net.add("BatchNormalization", x, axis=3, epsilon=BN_EPS, name="conv1_bn")
    x = net.add("Activation", x, "relu", name="conv1_relu")
    x = _pad(net, x, ((1, 1), (1, 1)), "pool1_pad")
    x = net.add("MaxPooling2D", x, 3, strides=2, name="pool1_pool")
    for stage, (n, filters) in enumerate(zip(blocks, (64, 128, 256, 512), strict=True), 2):
        for b in range(1, n + 1):
            stride = 1 if stage == 2 or b > 1 else 2
            x = _resnet_block(net, x, filters, stride, b == 1, f"conv{stage}_block{b}")
    x = _classifier(net, x, opts, named_pool=True)
    s = net.subject(f"ResNet{depth}", image, x)
    return _with_stages(s, 1)


def resnet_figures(depth: int) -> Figures:
    t = Tally("keras")
    t.conv_norm(7, 3, 64, bias=True)
    c = 64
    for n, filters in zip(_RESNET[depth], (64, 128, 256, 512), strict=True):
        for b in range(n):
            if b == 0:  # the shortcut's projection
                t.conv_norm(1, c, 4 * filters, bias=True)
            for k, c_in, c_out in ((1, c, filters), (3, filters, filters),
                                   (1, filters, 4 * filters)):
                t.conv_norm(k, c_in, c_out, bias=True)
            c = 4 * filters
    t.dense(c, 1000)
    return t.figures()


# -- MobileNet ------------------------------------------------------------------------------


def mobilenet(opts: ModelOptions = DEFAULT) -> Subject:
    net = Net("keras")
    image = x = _input(net, "MobileNet", opts)
    x = net.add("Conv2D", x, 32, (3, 3), padding="same", use_bias=False, strides=(2, 2),
                name="conv1")
    x = net.add("BatchNormalization", x, axis=-1, name="conv1_bn")
    x = net.add("ReLU", x, 6.0, name="conv1_relu")
    plan = [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2), (512, 1), (512, 1),
            (512, 1), (512, 1), (512, 1), (1024, 2), (1024, 1)]
    for i, (filters, stride) in enumerate(plan, 1):
        if stride == 2:
            x = _pad(net, x, ((0, 1), (0, 1)), f"conv_pad_{i}")
        x = net.add("DepthwiseConv2D", x, (3, 3), padding="same" if stride == 1 else "valid",
                    depth_multiplier=1, strides=stride, use_bias=False, name=f"conv_dw_{i}")
        x = net.add("BatchNormalization", x, axis=-1, name=f"conv_dw_{i}_bn")
        x = net.add("ReLU", x, 6.0, name=f"conv_dw_{i}_relu")
        x = net.add("Conv2D", x, filters, (1, 1), padding="same", use_bias=False,
                    strides=(1, 1), name=f"conv_pw_{i}")
        x = net.add("BatchNormalization", x, axis=-1, name=f"conv_pw_{i}_bn")
        x = net.add("ReLU", x, 6.0, name=f"conv_pw_{i}_relu")
    if opts.include_top:
        classes = opts.classes or 1000
        x = net.add("GlobalAveragePooling2D", x, keepdims=True,
                    name="global_average_pooling2d")
        x = net.add("Dropout", x, 1e-3, name="dropout")
        x = net.add("Conv2D", x, classes, (1, 1), padding="same", name="conv_preds")
        x = net.add("Reshape", x, (classes,), name="reshape_2", out=(classes,))
        x = net.add("Activation", x, "softmax", name="predictions")
    else:
        x = _pooled(net, x, opts, named=False)
    return net.subject("MobileNet", image, x)


#: (filters, stride, expansion) of each inverted residual block
_MOBILENET_V2 = ((16, 1, 1), (24, 2, 6), (24, 1, 6), (32, 2, 6), (32, 1, 6), (32, 1, 6),
                 (64, 2, 6), (64, 1, 6), (64, 1, 6), (64, 1, 6), (96, 1, 6), (96, 1, 6),
                 (96, 1, 6), (160, 2, 6), (160, 1, 6), (160, 1, 6), (320, 1, 6))


def mobilenet_v2(opts: ModelOptions = DEFAULT) -> Subject:
    net = Net("keras")
    image = x = _input(net, "MobileNetV2", opts)
    x = net.add("Conv2D", x, 32, 3, strides=(2, 2), padding="same", use_bias=False,
                name="Conv1")
    x = net.add("BatchNormalization", x, axis=-1, epsilon=1e-3, momentum=0.999,
                name="bn_Conv1")
    x = net.add("ReLU", x, 6.0, name="Conv1_relu")
    for block_id, (filters, stride, expansion) in enumerate(_MOBILENET_V2):
        inp = x
        c_in = x[-1]
        assert c_in is not None
        prefix = f"block_{block_id}_" if block_id else "expanded_conv_"
        if block_id:
            x = net.add("Conv2D", x, expansion * c_in, kernel_size=1, padding="same",
                        use_bias=False, name=prefix + "expand")
            x = net.add("BatchNormalization", x, axis=-1, epsilon=1e-3, momentum=0.999,
                        name=prefix + "expand_BN")
            x = net.add("ReLU", x, 6.0, name=prefix + "expand_relu")
        if stride == 2:
            x = _pad(net, x, _correct_pad(x, 3), prefix + "pad")
        x = net.add("DepthwiseConv2D", x, kernel_size=3, strides=stride, use_bias=False,
                    padding="same" if stride == 1 else "valid", name=prefix + "depthwise")
        x = net.add("BatchNormalization", x, axis=-1, epsilon=1e-3, momentum=0.999,
                    name=prefix + "depthwise_BN")
        x = net.add("ReLU", x, 6.0, name=prefix + "depthwise_relu")
        x = net.add("Conv2D", x, filters, kernel_size=1, padding="same", use_bias=False,
                    name=prefix + "project")
        x = net.add("BatchNormalization", x, axis=-1, epsilon=1e-3, momentum=0.999,
                    name=prefix + "project_BN")
        if c_in == filters and stride == 1:
            x = _add(net, inp, x, prefix + "add")
    x = net.add("Conv2D", x, 1280, kernel_size=1, use_bias=False, name="Conv_1")
    x = net.add("BatchNormalization", x, axis=-1, epsilon=1e-3, momentum=0.999,
                name="Conv_1_bn")
    x = net.add("ReLU", x, 6.0, name="out_relu")
    x = _classifier(net, x, opts, named_pool=False)
    return net.subject("MobileNetV2", image, x)


def mobilenet_v2_figures() -> Figures:
    return mobilenet_v2_tally("keras", ((filters, expansion)
                                        for filters, _stride, expansion in _MOBILENET_V2))


# -- DenseNet -------------------------------------------------------------------------------


def densenet121(opts: ModelOptions = DEFAULT) -> Subject:
    net = Net("keras")
    image = x = _input(net, "DenseNet121", opts)
    x = _pad(net, x, ((3, 3), (3, 3)), "zero_padding2d")
    x = net.add("Conv2D", x, 64, 7, strides=2, use_bias=False, name="conv1_conv")
    x = net.add("BatchNormalization", x, axis=3, epsilon=BN_EPS, name="conv1_bn")
    x = net.add("Activation", x, "relu", name="conv1_relu")
    x = _pad(net, x, ((1, 1), (1, 1)), "zero_padding2d_1")
    x = net.add("MaxPooling2D", x, 3, strides=2, name="pool1")
    for stage, n in enumerate(DENSENET121_BLOCKS, 2):
        for b in range(1, n + 1):
            name = f"conv{stage}_block{b}"
            y = net.add("BatchNormalization", x, axis=3, epsilon=BN_EPS, name=name + "_0_bn")
            y = net.add("Activation", y, "relu", name=name + "_0_relu")
            y = net.add("Conv2D", y, 128, 1, use_bias=False, name=name + "_1_conv")
            y = net.add("BatchNormalization", y, axis=3, epsilon=BN_EPS, name=name + "_1_bn")
            y = net.add("Activation", y, "relu", name=name + "_1_relu")
            y = net.add("Conv2D", y, 32, 3, padding="same", use_bias=False,
                        name=name + "_2_conv")
            x = net.raw(name + "_concat", "Concatenate", concat((x, y), -1))
        if stage < 5:
            name = f"pool{stage}"
            x = net.add("BatchNormalization", x, axis=3, epsilon=BN_EPS, name=name + "_bn")
            x = net.add("Activation", x, "relu", name=name + "_relu")
            c = x[-1]
            assert c is not None
            x = net.add("Conv2D", x, c // 2, 1, use_bias=False, name=name + "_conv")
            x = net.add("AveragePooling2D", x, 2, strides=2, name=name + "_pool")
    x = net.add("BatchNormalization", x, axis=3, epsilon=BN_EPS, name="bn")
    x = net.add("Activation", x, "relu", name="relu")
    x = _classifier(net, x, opts, named_pool=True)
    return _with_stages(net.subject("DenseNet121", image, x), 1)


# -- InceptionV3 ----------------------------------------------------------------------------


def inception_v3(opts: ModelOptions = DEFAULT) -> Subject:
    net = Net("keras")
    image = x = _input(net, "InceptionV3", opts)

    def cbn(x: Shape, filters: int, rows: int, cols: int, padding: str = "same",
            strides: int = 1) -> Shape:
        # conv2d_bn: auto-named Conv2D, BatchNormalization(scale=False), Activation.
        y = net.add("Conv2D", x, filters, (rows, cols), strides=strides, padding=padding,
                    use_bias=False)
        y = net.add("BatchNormalization", y, axis=3, scale=False)
        return net.add("Activation", y, "relu")

    def avgpool(x: Shape) -> Shape:
        return net.add("AveragePooling2D", x, (3, 3), strides=(1, 1), padding="same")

    def maxpool(x: Shape) -> Shape:
        return net.add("MaxPooling2D", x, (3, 3), strides=(2, 2))

    def join(parts: list[Shape], name: str | None) -> Shape:
        return net.raw(name, "Concatenate", concat(parts, -1))

    x = cbn(x, 32, 3, 3, strides=2, padding="valid")
    x = cbn(x, 32, 3, 3, padding="valid")
    x = cbn(x, 64, 3, 3)
    x = maxpool(x)
    x = cbn(x, 80, 1, 1, padding="valid")
    x = cbn(x, 192, 3, 3, padding="valid")
    x = maxpool(x)
    for i, pool_filters in enumerate((32, 64, 64)):
        b1 = cbn(x, 64, 1, 1)
        b5 = cbn(cbn(x, 48, 1, 1), 64, 5, 5)
        b3 = cbn(cbn(cbn(x, 64, 1, 1), 96, 3, 3), 96, 3, 3)
        bp = cbn(avgpool(x), pool_filters, 1, 1)
        x = join([b1, b5, b3, bp], f"mixed{i}")
    b3 = cbn(x, 384, 3, 3, strides=2, padding="valid")
    bd = cbn(cbn(cbn(x, 64, 1, 1), 96, 3, 3), 96, 3, 3, strides=2, padding="valid")
    x = join([b3, bd, maxpool(x)], "mixed3")
    for i, c in enumerate((128, 160, 160, 192)):
        b1 = cbn(x, 192, 1, 1)
        b7 = cbn(cbn(cbn(x, c, 1, 1), c, 1, 7), 192, 7, 1)
        bd = cbn(x, c, 1, 1)
        bd = cbn(cbn(cbn(bd, c, 7, 1), c, 1, 7), c, 7, 1)
        bd = cbn(bd, 192, 1, 7)
        bp = cbn(avgpool(x), 192, 1, 1)
        x = join([b1, b7, bd, bp], f"mixed{4 + i}")
    b3 = cbn(cbn(x, 192, 1, 1), 320, 3, 3, strides=2, padding="valid")
    b7 = cbn(cbn(cbn(x, 192, 1, 1), 192, 1, 7), 192, 7, 1)
    b7 = cbn(b7, 192, 3, 3, strides=2, padding="valid")
    x = join([b3, b7, maxpool(x)], "mixed8")
    for i in range(2):
        b1 = cbn(x, 320, 1, 1)
        b3 = cbn(x, 384, 1, 1)
        b3 = join([cbn(b3, 384, 1, 3), cbn(b3, 384, 3, 1)], f"mixed9_{i}")
        bd = cbn(cbn(x, 448, 1, 1), 384, 3, 3)
        bd = join([cbn(bd, 384, 1, 3), cbn(bd, 384, 3, 1)], None)
        bp = cbn(avgpool(x), 192, 1, 1)
        x = join([b1, b3, bd, bp], f"mixed{9 + i}")
    x = _classifier(net, x, opts, top_pool="avg_pool", named_pool=False)
    return net.subject("InceptionV3", image, x)


# -- Xception -------------------------------------------------------------------------------


def xception(opts: ModelOptions = DEFAULT) -> Subject:
    net = Net("keras")
    image = x = _input(net, "Xception", opts)

    def sep(x: Shape, filters: int, name: str) -> Shape:
        y = net.add("SeparableConv2D", x, filters, (3, 3), padding="same", use_bias=False,
                    name=name)
        return net.add("BatchNormalization", y, axis=-1, name=name + "_bn")

    def relu(x: Shape, name: str) -> Shape:
        return net.add("Activation", x, "relu", name=name)

    def shortcut(x: Shape, filters: int) -> Shape:
        r = net.add("Conv2D", x, filters, (1, 1), strides=(2, 2), padding="same",
                    use_bias=False)
        return net.add("BatchNormalization", r, axis=-1)

    x = net.add("Conv2D", x, 32, (3, 3), strides=(2, 2), use_bias=False, name="block1_conv1")
    x = net.add("BatchNormalization", x, axis=-1, name="block1_conv1_bn")
    x = relu(x, "block1_conv1_act")
    x = net.add("Conv2D", x, 64, (3, 3), use_bias=False, name="block1_conv2")
    x = net.add("BatchNormalization", x, axis=-1, name="block1_conv2_bn")
    x = relu(x, "block1_conv2_act")
    for b, filters in ((2, 128), (3, 256), (4, 728)):
        r = shortcut(x, filters)
        if b > 2:
            x = relu(x, f"block{b}_sepconv1_act")
        x = sep(x, filters, f"block{b}_sepconv1")
        x = relu(x, f"block{b}_sepconv2_act")
        x = sep(x, filters, f"block{b}_sepconv2")
        x = net.add("MaxPooling2D", x, (3, 3), strides=(2, 2), padding="same",
                    name=f"block{b}_pool")
        x = _add(net, x, r)
    for b in range(5, 13):
        r = x
        for i in (1, 2, 3):
            x = relu(x, f"block{b}_sepconv{i}_act")
            x = sep(x, 728, f"block{b}_sepconv{i}")
        x = _add(net, x, r)
    r = shortcut(x, 1024)
    x = relu(x, "block13_sepconv1_act")
    x = sep(x, 728, "block13_sepconv1")
    x = relu(x, "block13_sepconv2_act")
    x = sep(x, 1024, "block13_sepconv2")
    x = net.add("MaxPooling2D", x, (3, 3), strides=(2, 2), padding="same", name="block13_pool")
    x = _add(net, x, r)
    x = sep(x, 1536, "block14_sepconv1")
    x = relu(x, "block14_sepconv1_act")
    x = sep(x, 2048, "block14_sepconv2")
    x = relu(x, "block14_sepconv2_act")
    x = _classifier(net, x, opts, top_pool="avg_pool", named_pool=False)
    return net.subject("Xception", image, x)


# -- EfficientNetB0 -------------------------------------------------------------------------


def efficientnet_b0(opts: ModelOptions = DEFAULT) -> Subject:
    net = Net("keras")
    image = x = _input(net, "EfficientNetB0", opts)
    x = net.raw("rescaling", "Rescaling", x)
    # Normalization keeps the per-channel mean and variance (and how many samples it has
    # seen) as non-trainable weights, so they are in Keras' total.
    c = x[-1] if x[-1] is not None else 3
    x = net.raw("normalization", "Normalization", x, (
        Weight("mean", (c,), trainable=False), Weight("variance", (c,), trainable=False),
        Weight("count", (), trainable=False)),
        (f"per-channel mean {c} + variance {c} + sample count 1 = {2 * c + 1} "
         "(non-trainable)",))
    x = _pad(net, x, _correct_pad(x, 3), "stem_conv_pad")
    x = net.add("Conv2D", x, 32, 3, strides=2, padding="valid", use_bias=False,
                name="stem_conv")
    x = net.add("BatchNormalization", x, axis=3, name="stem_bn")
    x = net.add("Activation", x, "swish", name="stem_activation")
    plan = [(3, 1, 32, 16, 1, 1), (3, 2, 16, 24, 6, 2), (5, 2, 24, 40, 6, 2),
            (3, 3, 40, 80, 6, 2), (5, 3, 80, 112, 6, 1), (5, 4, 112, 192, 6, 2),
            (3, 1, 192, 320, 6, 1)]
    for i, (k, repeats, f_in, f_out, expand, stride) in enumerate(plan, 1):
        for j in range(repeats):
            if j:
                stride, f_in = 1, f_out
            name = f"block{i}{chr(j + 97)}_"
            x = _mb_block(net, x, name, k, f_in, f_out, expand, stride, drop=i + j > 1)
    x = net.add("Conv2D", x, 1280, 1, padding="same", use_bias=False, name="top_conv")
    x = net.add("BatchNormalization", x, axis=3, name="top_bn")
    x = net.add("Activation", x, "swish", name="top_activation")
    if opts.include_top:
        x = net.add("GlobalAveragePooling2D", x, name="avg_pool")
        x = net.add("Dropout", x, 0.2, name="top_dropout")
        x = net.add("Dense", x, opts.classes or 1000, activation="softmax",
                    name="predictions")
    else:
        x = _pooled(net, x, opts, named=True)
    return net.subject("EfficientNetB0", image, x)


def _mb_block(net: Net, inp: Shape, name: str, k: int, f_in: int, f_out: int, expand: int,
              stride: int, drop: bool) -> Shape:
    filters = f_in * expand
    x = inp
    if expand != 1:
        x = net.add("Conv2D", x, filters, 1, padding="same", use_bias=False,
                    name=name + "expand_conv")
        x = net.add("BatchNormalization", x, axis=3, name=name + "expand_bn")
        x = net.add("Activation", x, "swish", name=name + "expand_activation")
    if stride == 2:
        x = _pad(net, x, _correct_pad(x, k), name + "dwconv_pad")
    x = net.add("DepthwiseConv2D", x, k, strides=stride,
                padding="valid" if stride == 2 else "same", use_bias=False,
                name=name + "dwconv")
    x = net.add("BatchNormalization", x, axis=3, name=name + "bn")
    x = net.add("Activation", x, "swish", name=name + "activation")
    se = net.add("GlobalAveragePooling2D", x, name=name + "se_squeeze")
    se = net.add("Reshape", se, (1, 1, filters), name=name + "se_reshape",
                 out=(1, 1, filters))
    se = net.add("Conv2D", se, max(1, f_in // 4), 1, padding="same", activation="swish",
                 name=name + "se_reduce")
    se = net.add("Conv2D", se, filters, 1, padding="same", activation="sigmoid",
                 name=name + "se_expand")
    x = net.raw(name + "se_excite", "Multiply", x)
    x = net.add("Conv2D", x, f_out, 1, padding="same", use_bias=False,
                name=name + "project_conv")
    x = net.add("BatchNormalization", x, axis=3, name=name + "project_bn")
    if stride == 1 and f_in == f_out:
        if drop:
            x = net.add("Dropout", x, 0.2, noise_shape=(None, 1, 1, 1), name=name + "drop")
        x = _add(net, x, inp, name + "add")
    return x


def _with_stages(subject: Subject, depth: int) -> Subject:
    from dataclasses import replace

    return replace(subject, derivation=("by stage: " + stage_lines(subject, depth)[0],))


#: Figures by arithmetic, for the models ``compare_note`` sets against torchvision's
#: (EfficientNetB0 is left to a full build: its blocks are not worth a second description).
FIGURES: dict[str, Callable[[], Figures]] = {
    "VGG16": lambda: vgg_figures(16),
    "VGG19": lambda: vgg_figures(19),
    "ResNet50": lambda: resnet_figures(50),
    "ResNet101": lambda: resnet_figures(101),
    "ResNet152": lambda: resnet_figures(152),
    "MobileNetV2": mobilenet_v2_figures,
    "DenseNet121": lambda: densenet121_tally("keras"),
}

#: name -> builder, called with the options (``DEFAULT`` when left out).
BUILDERS: dict[str, Callable[..., Subject]] = {
    "VGG16": lambda opts=DEFAULT: vgg(16, opts),
    "VGG19": lambda opts=DEFAULT: vgg(19, opts),
    "ResNet50": lambda opts=DEFAULT: resnet(50, opts),
    "ResNet101": lambda opts=DEFAULT: resnet(101, opts),
    "ResNet152": lambda opts=DEFAULT: resnet(152, opts),
    "MobileNet": mobilenet,
    "MobileNetV2": mobilenet_v2,
    "DenseNet121": densenet121,
    "InceptionV3": inception_v3,
    "Xception": xception,
    "EfficientNetB0": efficientnet_b0,
}
