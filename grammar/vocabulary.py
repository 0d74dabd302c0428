"""The words people use for layers, sizes and options, mapped to framework vocabulary."""

from __future__ import annotations

from dataclasses import dataclass

from ..engine.core import Framework


@dataclass(frozen=True)
class LayerWord:
    """A layer as named in free text, with its class in each framework (or None)."""

    keras: str | None
    torch: str | None
    #: Free text turns this into a wrapper / flag: ``bilstm`` = Bidirectional(LSTM).
    bidirectional: bool = False
    #: Keras depthwise conv written as a torch grouped conv and vice versa.
    depthwise: bool = False

    def cls(self, framework: Framework) -> str | None:
        return self.keras if framework == "keras" else self.torch


_SAME = "same as Keras"


def _w(keras: str | None, torch: str | None = _SAME, **kw: bool) -> LayerWord:
    """A layer word: its Keras class and its PyTorch class (the same name unless given;
    ``None``: the framework has no such layer)."""
    return LayerWord(keras, keras if torch is _SAME else torch, **kw)


#: Free-text layer names (lower case, multi-word phrases joined by a space).
LAYER_WORDS: dict[str, LayerWord] = {
    "dense": _w("Dense", "Linear"),
    "linear": _w("Dense", "Linear"),
    "fc": _w("Dense", "Linear"),
    "fully connected": _w("Dense", "Linear"),
    "fully-connected": _w("Dense", "Linear"),
    "mlp": _w("Dense", "Linear"),
    "perceptron": _w("Dense", "Linear"),
    "lstm": _w("LSTM"),
    "gru": _w("GRU"),
    "rnn": _w("SimpleRNN", "RNN"),
    "simple rnn": _w("SimpleRNN", "RNN"),
    "simplernn": _w("SimpleRNN", "RNN"),
    "vanilla rnn": _w("SimpleRNN", "RNN"),
    "bilstm": _w("LSTM", bidirectional=True),
    "bi-lstm": _w("LSTM", bidirectional=True),
    "blstm": _w("LSTM", bidirectional=True),
    "bigru": _w("GRU", bidirectional=True),
    "bi-gru": _w("GRU", bidirectional=True),
    "lstm cell": _w(None, "LSTMCell"),
    "gru cell": _w(None, "GRUCell"),
    "rnn cell": _w(None, "RNNCell"),
    "conv": _w("Conv2D", "Conv2d"),
    "convolution": _w("Conv2D", "Conv2d"),
    "convolutional": _w("Conv2D", "Conv2d"),
    "conv layer": _w("Conv2D", "Conv2d"),
    "conv 2d": _w("Conv2D", "Conv2d"),
    "2d conv": _w("Conv2D", "Conv2d"),
    "2d convolution": _w("Conv2D", "Conv2d"),
    "conv 1d": _w("Conv1D", "Conv1d"),
    "1d conv": _w("Conv1D", "Conv1d"),
    "1d convolution": _w("Conv1D", "Conv1d"),
    "conv 3d": _w("Conv3D", "Conv3d"),
    "3d conv": _w("Conv3D", "Conv3d"),
    "3d convolution": _w("Conv3D", "Conv3d"),
    "transposed conv": _w("Conv2DTranspose", "ConvTranspose2d"),
    "transposed convolution": _w("Conv2DTranspose", "ConvTranspose2d"),
    "conv transpose": _w("Conv2DTranspose", "ConvTranspose2d"),
    "deconv": _w("Conv2DTranspose", "ConvTranspose2d"),
    "deconvolution": _w("Conv2DTranspose", "ConvTranspose2d"),
    "conv2d transpose": _w("Conv2DTranspose", "ConvTranspose2d"),
    "conv1d transpose": _w("Conv1DTranspose", "ConvTranspose1d"),
    # the rank and "transpose(d)" written apart, in either order
    **{phrase.format(d=d, t=t): _w(f"Conv{d}DTranspose", f"ConvTranspose{d}d")
       for d in (1, 2, 3) for t in ("transpose", "transposed")
       for phrase in ("conv{d}d {t}", "{t} conv{d}d", "conv {d}d {t}", "{t} conv {d}d",
                      "conv{d}d {t} convolution", "{t} convolution {d}d",
                      "conv {t} {d}d", "conv{d}dtranspose")},
    "separable conv": _w("SeparableConv2D", None),
    "separable conv2d": _w("SeparableConv2D", None),
    "separable convolution": _w("SeparableConv2D", None),
    "separable conv1d": _w("SeparableConv1D", None),
    "depthwise conv": _w("DepthwiseConv2D", "Conv2d", depthwise=True),
    "depthwise conv2d": _w("DepthwiseConv2D", "Conv2d", depthwise=True),
    "depthwise convolution": _w("DepthwiseConv2D", "Conv2d", depthwise=True),
    "depthwise conv1d": _w("DepthwiseConv1D", "Conv1d", depthwise=True),
    "embedding": _w("Embedding"),
    "embeddings": _w("Embedding"),
    "embedding layer": _w("Embedding"),
    "batchnorm": _w("BatchNormalization", "BatchNorm2d"),
    "batch norm": _w("BatchNormalization", "BatchNorm2d"),
    "batch normalization": _w("BatchNormalization", "BatchNorm2d"),
    "batch normalisation": _w("BatchNormalization", "BatchNorm2d"),
    "bn": _w("BatchNormalization", "BatchNorm2d"),
    "layernorm": _w("LayerNormalization", "LayerNorm"),
    "layer norm": _w("LayerNormalization", "LayerNorm"),
    "layer normalization": _w("LayerNormalization", "LayerNorm"),
    "layer normalisation": _w("LayerNormalization", "LayerNorm"),
    "groupnorm": _w("GroupNormalization", "GroupNorm"),
    "group norm": _w("GroupNormalization", "GroupNorm"),
    "group normalization": _w("GroupNormalization", "GroupNorm"),
    "rmsnorm": _w("RMSNormalization", "RMSNorm"),
    "rms norm": _w("RMSNormalization", "RMSNorm"),
    "instancenorm": _w(None, "InstanceNorm2d"),
    "instance norm": _w(None, "InstanceNorm2d"),
    # "batch norm 1d", "instance norm 3d": PyTorch's class of that rank, written apart
    # (PyTorch's only, like batchnorm1d: Keras has one BatchNormalization for every rank)
    **{f"{name} {d}d": _w(None, f"{torch}{d}d")
       for d in (1, 2, 3)
       for name, torch in (("batch norm", "BatchNorm"), ("batchnorm", "BatchNorm"),
                           ("instance norm", "InstanceNorm"), ("instancenorm", "InstanceNorm"))},
    "mha": _w("MultiHeadAttention", "MultiheadAttention"),
    "multihead attention": _w("MultiHeadAttention", "MultiheadAttention"),
    "multi-head attention": _w("MultiHeadAttention", "MultiheadAttention"),
    "multi head attention": _w("MultiHeadAttention", "MultiheadAttention"),
    "multi-headed attention": _w("MultiHeadAttention", "MultiheadAttention"),
    "multiheaded attention": _w("MultiHeadAttention", "MultiheadAttention"),
    "transformer encoder layer": _w(None, "TransformerEncoderLayer"),
    "encoder layer": _w(None, "TransformerEncoderLayer"),
    "transformer decoder layer": _w(None, "TransformerDecoderLayer"),
    "decoder layer": _w(None, "TransformerDecoderLayer"),
    "transformer block": _w(None, "TransformerEncoderLayer"),
    "transformer encoder": _w(None, "TransformerEncoder"),
    "transformer decoder": _w(None, "TransformerDecoder"),
    "prelu": _w("PReLU"),
    "maxpool": _w("MaxPooling2D", "MaxPool2d"),
    "max pool": _w("MaxPooling2D", "MaxPool2d"),
    "max pooling": _w("MaxPooling2D", "MaxPool2d"),
    "max-pooling": _w("MaxPooling2D", "MaxPool2d"),
    "maxpooling": _w("MaxPooling2D", "MaxPool2d"),
    "avgpool": _w("AveragePooling2D", "AvgPool2d"),
    "average pooling": _w("AveragePooling2D", "AvgPool2d"),
    "avg pool": _w("AveragePooling2D", "AvgPool2d"),
    "global average pooling": _w("GlobalAveragePooling2D", "AdaptiveAvgPool2d"),
    "global avg pool": _w("GlobalAveragePooling2D", "AdaptiveAvgPool2d"),
    "gap": _w("GlobalAveragePooling2D", "AdaptiveAvgPool2d"),
    "global max pooling": _w("GlobalMaxPooling2D", "AdaptiveMaxPool2d"),
    "global max pool": _w("GlobalMaxPooling2D", "AdaptiveMaxPool2d"),
    # "global average pooling 1d", "global max pool 3d": that rank, written apart
    **{f"{phrase} {d}d": _w(f"Global{kind}Pooling{d}D", f"Adaptive{short}Pool{d}d")
       for d in (1, 2, 3)
       for phrase, kind, short in (("global average pooling", "Average", "Avg"),
                                   ("global avg pool", "Average", "Avg"),
                                   ("global avg pooling", "Average", "Avg"),
                                   ("global max pooling", "Max", "Max"),
                                   ("global max pool", "Max", "Max"))},
    # "adaptive avg pool 1", "adaptive max pooling 2d (2, 3)": PyTorch's output-size pools
    **{f"{phrase}{rank}": _w(f"Adaptive{kind}Pooling{d}D", f"Adaptive{short}Pool{d}d")
       for d in (1, 2, 3) for rank in ((f" {d}d", f"{d}d") if d != 2 else ("", " 2d", "2d"))
       for phrase, kind, short in (("adaptive avg pool", "Average", "Avg"),
                                   ("adaptive average pool", "Average", "Avg"),
                                   ("adaptive average pooling", "Average", "Avg"),
                                   ("adaptive avgpool", "Average", "Avg"),
                                   ("adaptive max pool", "Max", "Max"),
                                   ("adaptive max pooling", "Max", "Max"),
                                   ("adaptive maxpool", "Max", "Max"))},
    # shaping layers: the size after them is their one argument ("upsampling 2",
    # "zero padding 1", "repeat vector 5", "pixel shuffle 2"), read in grammar/realise.py
    **{f"{phrase}{rank}": _w(keras.format(d=d) if keras else None,
                             torch.format(d=d) if torch else None)
       for d in (1, 2, 3) for rank in ((f" {d}d", f"{d}d") if d != 2 else ("", " 2d", "2d"))
       for phrase, keras, torch in (
           ("upsampling", "UpSampling{d}D", None), ("up sampling", "UpSampling{d}D", None),
           ("zero padding", "ZeroPadding{d}D", "ZeroPad{d}d"),
           ("zeropadding", "ZeroPadding{d}D", "ZeroPad{d}d"),
           ("zero pad", "ZeroPadding{d}D", "ZeroPad{d}d"),
           ("cropping", "Cropping{d}D", None),
           ("reflection pad", None, "ReflectionPad{d}d"),
           ("reflection padding", None, "ReflectionPad{d}d"),
           ("replication pad", None, "ReplicationPad{d}d"),
           ("replication padding", None, "ReplicationPad{d}d"))},
    # "conv lstm 2d", "convolutional lstm": Keras' ConvLSTM of that rank (2-D unless said)
    **{f"{phrase}{rank}": _w(f"ConvLSTM{d}D", None)
       for d in (1, 2, 3) for rank in ((f" {d}d", f"{d}d") if d != 2 else ("", " 2d", "2d"))
       for phrase in ("conv lstm", "convlstm", "convolutional lstm")},
    "repeat vector": _w("RepeatVector", None),
    "pixel shuffle": _w(None, "PixelShuffle"),
    "unit normalization": _w("UnitNormalization", None),
    "unit normalisation": _w("UnitNormalization", None),
    "rms normalization": _w("RMSNormalization", "RMSNorm"),
    "rms normalisation": _w("RMSNormalization", "RMSNorm"),
    "flatten": _w("Flatten"),
    "dropout": _w("Dropout"),
    "timedistributed": _w("TimeDistributed", None),
    "time distributed": _w("TimeDistributed", None),
}

#: Words that make a layer bidirectional when they precede it.
BIDIRECTIONAL_WORDS = {"bidirectional", "bi-directional", "bi"}

#: "how many trainable parameters does Dense(64) have": the count asked about, not an
#: option given to the layer (trainable=True, which is the default). After a negation
#: ("non trainable params", "with no trainable weights") "trainable" stays an option,
#: which the negation turns off, as in "non-trainable params".
COUNT_PHRASES: dict[tuple[str, ...], str] = {
    ("trainable", word): word for word in ("parameters", "parameter", "params", "param",
                                           "weights")}

#: Multi-word phrases folded into one word before reading (longest first).
PHRASES: dict[tuple[str, ...], str] = {
    **COUNT_PHRASES,
    ("input", "size"): "input_size",
    ("input", "sizes"): "input_size",
    ("input", "dim"): "input_dim",
    ("input", "dimension"): "input_dim",
    ("input", "shape"): "input_shape",
    ("input", "features"): "features",
    ("input", "feature"): "features",
    ("input", "channels"): "in_channels",
    ("input", "channel"): "in_channels",
    ("in", "channels"): "in_channels",
    ("output", "channels"): "out_channels",
    ("output", "channel"): "out_channels",
    ("out", "channels"): "out_channels",
    ("output", "features"): "out_features",
    ("output", "units"): "units",
    ("output", "neurons"): "units",
    ("output", "size"): "out_features",
    ("hidden", "size"): "hidden_size",
    ("hidden", "units"): "units",
    ("hidden", "dim"): "hidden_size",
    ("hidden", "state"): "hidden_size",
    ("kernel", "size"): "kernel_size",
    ("output", "padding"): "output_padding",
    ("filter", "size"): "kernel_size",
    ("pool", "size"): "pool_size",
    ("feature", "maps"): "filters",
    ("feature", "map"): "featuremap",
    ("time", "steps"): "timesteps",
    ("time", "step"): "timesteps",
    ("sequence", "length"): "seqlen",
    ("input", "length"): "seqlen",
    ("seq", "len"): "seqlen",
    ("vocab", "size"): "vocab",
    ("vocabulary", "size"): "vocab",
    ("embedding_dim",): "dim",
    ("key", "dim"): "key_dim",
    ("head", "dim"): "key_dim",
    ("head", "size"): "key_dim",
    ("value", "dim"): "value_dim",
    ("model", "dim"): "d_model",
    ("num", "heads"): "num_heads",
    ("number", "of", "heads"): "num_heads",
    ("feed", "forward"): "dim_feedforward",
    ("feed-forward",): "dim_feedforward",
    ("feedforward",): "dim_feedforward",
    ("ffn",): "dim_feedforward",
    ("ff",): "dim_feedforward",
    ("embed", "dim"): "d_model",
    ("embed", "size"): "d_model",
    ("depth", "multiplier"): "depth_multiplier",
    ("no", "bias"): "nobias",
    ("bias", "off"): "nobias",
    ("rms", "scaling"): "rms_scaling",
    ("shared", "axes"): "shared_axes",
    ("without", "bias"): "nobias",
    ("without", "biases"): "nobias",
    ("no", "biases"): "nobias",
    ("return", "sequences"): "return_sequences",
    ("returning", "sequences"): "return_sequences",
    ("return", "seq"): "return_sequences",
    ("return", "sequence"): "return_sequences",
    ("returning", "the", "sequence"): "return_sequences",
    ("returning", "the", "full", "sequence"): "return_sequences",
    ("return", "the", "full", "sequence"): "return_sequences",
    ("return", "full", "sequence"): "return_sequences",
    ("return", "state"): "return_state",
    ("bias", "kv"): "add_bias_kv",
    # "stride of 2", "with dilation rate 2", "depth multiplier of 2", "proj size 64"
    ("stride", "of"): "stride",
    ("strides", "of"): "stride",
    ("dilation", "rate"): "dilation",
    ("dilation", "of"): "dilation",
    ("dilation", "rate", "of"): "dilation",
    ("depth", "multiplier", "of"): "depth_multiplier",
    ("proj", "size"): "proj_size",
    ("projection", "size"): "proj_size",
    ("bias_kv",): "add_bias_kv",
    ("fed", "by"): "on",
    ("applied", "to"): "on",
    ("per", "step"): "perstep",
    ("per", "timestep"): "perstep",
    ("compared", "to"): "vs",
    ("compared", "with"): "vs",
    ("versus",): "vs",
    ("vs.",): "vs",
    ("num", "layers"): "num_layers",
    ("kv", "heads"): "kv_heads",
    ("key", "value", "heads"): "kv_heads",
    ("kv_heads",): "kv_heads",
    ("n_kv_heads",): "kv_heads",
    ("num_key_value_heads",): "kv_heads",
    ("intermediate", "size"): "dim_feedforward",
    ("intermediate_size",): "dim_feedforward",
    ("n_embd",): "d_model",
    ("n_layer",): "num_layers",
    ("n_head",): "num_heads",
    ("context", "length"): "context",
    ("context", "window"): "context",
    ("max", "seq", "len"): "context",
    ("tied", "embeddings"): "tied",
    ("number", "of", "layers"): "num_layers",
    ("hugging", "face"): "huggingface",
    ("merge", "mode"): "merge_mode",
    ("reset", "after"): "reset_after",
    ("running", "stats"): "track_running_stats",
    ("running", "statistics"): "track_running_stats",
    ("track", "running", "stats"): "track_running_stats",
    ("track", "running", "statistics"): "track_running_stats",
    ("elementwise", "affine"): "elementwise_affine",
    ("keep", "dims"): "keepdims",
    ("use", "bias"): "use_bias",
    ("ceil", "mode"): "ceil_mode",
    ("channels", "first"): "channels_first",
    ("channel", "first"): "channels_first",
    ("channels-first",): "channels_first",
    ("channel-first",): "channels_first",
    ("nchw",): "channels_first",
    ("ncw",): "channels_first",
    ("ncdhw",): "channels_first",
    ("channels", "last"): "channels_last",
    ("channel", "last"): "channels_last",
    ("channels-last",): "channels_last",
    ("channel-last",): "channels_last",
    ("nhwc",): "channels_last",
    ("nwc",): "channels_last",
    ("ndhwc",): "channels_last",
    ("data", "format"): "data_format",
}

#: Role of a number by the word right after it ("128 units", "28 features").
AFTER: dict[str, str] = {
    "unit": "units", "units": "units", "neuron": "units", "neurons": "units",
    "cell": "units", "cells": "units", "node": "units", "nodes": "units",
    "hidden": "units", "hidden_size": "units", "outputs": "units", "output": "units",
    "filter": "filters", "filters": "filters", "kernels": "filters",
    "out_channels": "filters", "out_features": "units",
    "channel": "channels", "channels": "channels",
    "in_channels": "in_channels",
    "feature": "features", "features": "features", "inputs": "features",
    "input": "features", "dims": "features", "dimensions": "features",
    "in": "in", "out": "out", "to": "in",
    "timesteps": "steps", "timestep": "steps", "steps": "steps", "step": "steps",
    "frames": "steps", "tokens": "steps", "words": "vocab",
    "head": "heads", "heads": "heads", "kv_heads": "kv_heads", "groups": "groups",
    "layer": "layers", "layers": "layers", "blocks": "layers",
    "dim": "features", "dimensional": "features", "d": "features",
    "kernel": "kernel", "kernel_size": "kernel",
    "featuremap": "input", "image": "input", "images": "input", "clip": "input",
    "volume": "input", "signal": "input", "picture": "input", "photo": "input",
    "vocab": "vocab", "classes": "units",
}

#: Role of a number, shape or size by the word right before it ("units 128", "on 28x28x1").
BEFORE: dict[str, str] = {
    "units": "units", "unit": "units", "neurons": "units", "cells": "units",
    "hidden": "units", "hidden_size": "units", "width": "units",
    "filters": "filters", "out_channels": "filters",
    "out_features": "units", "out": "out", "output": "input", "to": "out",
    "kernel": "kernel", "kernel_size": "kernel", "window": "kernel", "pool": "kernel",
    "pool_size": "kernel", "k": "kernel",
    "stride": "stride", "strides": "stride",
    "dilation": "dilation", "dilation_rate": "dilation",
    "groups": "groups", "group": "groups",
    "input": "input", "inputs": "input", "input_size": "input", "in": "in",
    "in_features": "in", "input_shape": "input", "input_dim": "input", "on": "input",
    "over": "input", "of": "input", "features": "input", "shape": "input", "shaped": "input",
    "is": "input", "query": "input", "with": "input", "a": "input", "an": "input",
    "in_channels": "in_channels", "channels": "channels", "featuremap": "input",
    "length": "steps", "seqlen": "steps", "timesteps": "steps", "context": "steps",
    "heads": "heads", "nhead": "heads", "num_heads": "heads",
    "key_dim": "key_dim", "value_dim": "value_dim", "value": "value_shape",
    "d_model": "d_model", "embed_dim": "d_model", "dmodel": "d_model", "embed": "d_model",
    "vocab": "vocab", "vocabulary": "vocab", "num_embeddings": "vocab",
    "dim": "dim", "dimension": "dim", "embedding_dim": "dim", "output_dim": "dim", "size": "dim",
    "dim_feedforward": "ffn", "kv_heads": "kv_heads", "intermediate": "ffn",
    "layers": "layers", "num_layers": "layers",
    "depth_multiplier": "depth_multiplier", "multiplier": "depth_multiplier",
    "padding": "padding", "output_padding": "output_padding", "kdim": "kdim", "vdim": "vdim",
    "rank": "lora_rank", "lora_rank": "lora_rank",
    "proj_size": "proj_size", "projection": "proj_size",
    "num_parameters": "num_parameters",
    "dropout": "rate", "rate": "rate", "p": "rate",
}

#: Number words people write instead of digits.
NUMBER_WORDS = {
    "one": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "sixteen": 16,
}

#: Spellings of "not trainable" (a layer or model frozen).
UNTRAINABLE_WORDS = frozenset({"non-trainable", "nontrainable", "non_trainable", "untrainable"})

#: Words that name a framework.
FRAMEWORK_WORDS: dict[str, Framework] = {
    "pytorch": "pytorch", "torch": "pytorch", "torch.nn": "pytorch", "nn": "pytorch",
    "keras": "keras", "tf.keras": "keras", "tensorflow": "keras", "tf": "keras",
    "tensorflow.keras": "keras",
}

#: Argument names that lean towards one framework when nothing else decides.
FRAMEWORK_LEANING: dict[str, Framework] = {
    "hidden_size": "pytorch", "in_features": "pytorch", "out_features": "pytorch",
    "in_channels": "pytorch", "out_channels": "pytorch", "num_layers": "pytorch",
    "nhead": "pytorch", "embed_dim": "pytorch", "num_embeddings": "pytorch",
    "embedding_dim": "pytorch", "units": "keras", "filters": "keras",
    "input_dim": "keras", "output_dim": "keras", "key_dim": "keras",
    "return_sequences": "keras", "kernel_initializer": "keras",
}

#: Words that carry no meaning for counting (skipped without comment).
ACTIVATIONS = {"relu", "sigmoid", "softmax", "tanh", "gelu", "elu", "selu", "swish", "silu",
               "leaky_relu", "linear", "mish", "softplus", "hard_sigmoid"}

#: Words that pass over to a comparison or split a stack.
COMPARE_WORDS = {"vs", "than"}
STACK_WORDS = {"then", "followed"}

#: Yes/no arguments of catalogue layers (every ``bool`` field; tests/grammar/
#: test_review2_regressions.py checks the list against the catalogue). Named in words
#: they are on ("with affine", "affine"), or off after a negation ("without center").
BOOL_ARGUMENTS = frozenset({
    "add_bias_kv", "add_zero_attn", "affine", "batch_first", "bias", "bidirectional",
    "ceil_mode", "center", "count_include_pad", "elementwise_affine", "enable_nested_tensor",
    "go_backwards", "include_last_offset", "inplace", "keepdims", "mask_check", "mask_zero",
    "norm_first", "renorm", "reset_after", "return_indices", "return_sequences",
    "return_state", "rms_scaling", "scale", "scale_grad_by_freq", "sparse", "stateful",
    "synchronized", "track_running_stats", "trainable", "unit_forget_bias", "unroll",
    "use_bias", "use_gate", "use_scale",
})
NEGATIONS = frozenset({"without", "no", "not", "non"})
#: Other words that say "not" before "frozen" ("never frozen", "un frozen").
NOT_WORDS = frozenset({"don't", "dont", "never", "un"})
OFF_WORDS = frozenset({"off", "disabled"})

#: Flags in words.
FLAG_WORDS = {
    "bidirectional": "bidirectional", "bi-directional": "bidirectional",
    "nobias": "nobias", "biasless": "nobias", "return_sequences": "return_sequences",
    "return_state": "return_state", "batch_first": "batch_first",
    "causal": "causal", "same": "same", "valid": "valid", "stacked": "stacked",
}
