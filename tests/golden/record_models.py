"""Record whole-model golden data from the real libraries (run by hand, never in CI).

    python3.11 -m venv /work/zoovenv
    /work/zoovenv/bin/pip install torch==2.14.1 torchvision==0.29.1 transformers keras torchinfo
    KERAS_BACKEND=torch /work/zoovenv/bin/python tests/golden/record_models.py

Writes ``tests/golden/models.json`` (not a ``.jsonl``: those are the per-layer catalogue
records that ``test_golden.py`` reads). Layout::

    {"recorded_with": {...versions...},
     "models": {"<framework>:<name>": {
         "framework", "name", "total", "trainable", "non_trainable", "buffers",
         "output_shape",
         "layers": [...]   # Keras: model.layers as [name, class, count_params,
                           #   output shape without batch, [[weight, shape, trainable]...]]
         "parameters": [[name, shape, trainable]...], "buffer_list": [[name, shape]...],
         "outputs": {module name: output shape}     # torchvision leaf modules
     }},
     "transformers": {"<label>": {"config": {...}, "total", "buffers", "buffer_list",
                                  "parameters"?}},
     "mult_adds": {"<label>": {"input_size", "total_mult_adds",
                               "layers": [[module name, class, mult-adds]...]}}}

Transformers models are built from Config objects (no download) on the meta device, so
even LLaMA-7B is counted without allocating its weights. Nothing here is computed by
parambot: every number comes from the library.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

os.environ.setdefault("KERAS_BACKEND", "torch")

HERE = Path(__file__).resolve().parent

KERAS_MODELS = ["VGG16", "VGG19", "ResNet50", "ResNet101", "ResNet152", "MobileNet",
                "MobileNetV2", "DenseNet121", "InceptionV3", "Xception", "EfficientNetB0"]
TORCHVISION_MODELS = ["resnet18", "resnet34", "resnet50", "resnet101", "resnet152",
                      "vgg11", "vgg16", "vgg19", "alexnet", "mobilenet_v2", "densenet121",
                      "squeezenet1_0", "efficientnet_b0", "vit_b_16"]
MULT_ADDS_MODELS = ["resnet18", "alexnet", "vgg11", "mobilenet_v2", "squeezenet1_0"]


def _dims(shape: Any) -> list[int | None]:
    return [None if d is None else int(d) for d in shape]


def record_keras(name: str) -> dict[str, Any]:
    import keras

    model = getattr(keras.applications, name)(weights=None, include_top=True)
    layers = []
    for layer in model.layers:
        out = layer.output
        shape = _dims(out.shape[1:]) if not isinstance(out, (list, tuple)) else None
        weights = []
        for w in layer.weights:
            path = w.path
            if path.startswith(layer.name + "/"):
                path = path[len(layer.name) + 1:]
            weights.append([path, list(w.shape), bool(w.trainable)])
        layers.append([layer.name, type(layer).__name__, layer.count_params(), shape,
                       weights])
    trainable = sum(int(w.numpy().size) for w in model.trainable_weights)
    non_trainable = sum(int(w.numpy().size) for w in model.non_trainable_weights)
    return {"framework": "keras", "name": name, "total": model.count_params(),
            "trainable": trainable, "non_trainable": non_trainable, "buffers": 0,
            "output_shape": _dims(model.output.shape[1:]), "layers": layers}


def record_torchvision(name: str) -> dict[str, Any]:
    import torch
    import torchvision

    model = getattr(torchvision.models, name)(weights=None).eval()
    params = list(model.named_parameters())
    buffers = list(model.named_buffers())
    outputs: dict[str, list[int]] = {}

    def hook(mod_name: str) -> Any:
        def fn(_m: Any, _i: Any, out: Any) -> None:
            if isinstance(out, torch.Tensor):
                outputs[mod_name] = list(out.shape[1:])
        return fn

    handles = [m.register_forward_hook(hook(n)) for n, m in model.named_modules()
               if n and not list(m.children())]
    with torch.no_grad():
        y = model(torch.zeros(1, 3, 224, 224))
    for h in handles:
        h.remove()
    total = sum(p.numel() for _, p in params)
    trainable = sum(p.numel() for _, p in params if p.requires_grad)
    return {"framework": "pytorch", "name": name, "total": total, "trainable": trainable,
            "non_trainable": total - trainable,
            "buffers": sum(b.numel() for _, b in buffers),
            "output_shape": list(y.shape[1:]),
            "parameters": [[n, list(p.shape), bool(p.requires_grad)] for n, p in params],
            "buffer_list": [[n, list(b.shape)] for n, b in buffers],
            "modules": [[n, type(m).__name__] for n, m in model.named_modules() if n],
            "outputs": outputs}


def _count_hf(model: Any) -> dict[str, Any]:
    params = list(model.named_parameters())  # tied weights appear once
    buffers = list(model.named_buffers())
    total = sum(p.numel() for _, p in params)
    return {"total": total,
            "trainable": sum(p.numel() for _, p in params if p.requires_grad),
            "buffers": sum(b.numel() for _, b in buffers),
            "buffer_list": [[n, list(b.shape)] for n, b in buffers],
            "parameters": [[n, list(p.shape)] for n, p in params]}


def record_transformers() -> dict[str, Any]:
    import torch
    import transformers as tf

    out: dict[str, Any] = {}

    def rec(label: str, cls: str, config: Any, keep_params: bool = False) -> None:
        with torch.device("meta"):
            model = getattr(tf, cls)(config)
        r = _count_hf(model)
        if not keep_params:
            del r["parameters"]
        out[label] = {"class": cls, "config": config.to_diff_dict(), **r}
        print(f"  {label}: {r['total']:,}", file=sys.stderr)

    gpt2 = {"gpt2": {}, "gpt2-medium": {"n_embd": 1024, "n_layer": 24, "n_head": 16},
            "gpt2-large": {"n_embd": 1280, "n_layer": 36, "n_head": 20},
            "gpt2-xl": {"n_embd": 1600, "n_layer": 48, "n_head": 25}}
    for label, kw in gpt2.items():
        rec(label, "GPT2LMHeadModel", tf.GPT2Config(**kw), keep_params=label == "gpt2")
        rec(label + ":GPT2Model", "GPT2Model", tf.GPT2Config(**kw))
        rec(label + ":untied", "GPT2LMHeadModel", tf.GPT2Config(**kw, tie_word_embeddings=False))
    large = {"hidden_size": 1024, "num_hidden_layers": 24, "num_attention_heads": 16,
             "intermediate_size": 4096}
    rec("bert-base-uncased", "BertModel", tf.BertConfig(), keep_params=True)
    rec("bert-large-uncased", "BertModel", tf.BertConfig(**large))
    for label, kw in (("bert-base-uncased", {}), ("bert-large-uncased", large)):
        with torch.device("meta"):
            model = tf.BertModel(tf.BertConfig(**kw), add_pooling_layer=False)
        r = _count_hf(model)
        del r["parameters"]
        out[label + ":no-pooler"] = {"class": "BertModel", "config": kw, **r}
    rec("llama-7b", "LlamaForCausalLM", tf.LlamaConfig(
        hidden_size=4096, intermediate_size=11008, num_hidden_layers=32,
        num_attention_heads=32, vocab_size=32000), keep_params=False)
    rec("llama-7b:LlamaModel", "LlamaModel", tf.LlamaConfig(
        hidden_size=4096, intermediate_size=11008, num_hidden_layers=32,
        num_attention_heads=32, vocab_size=32000))
    # Small configurations for the hyperparameter formula (engine/models/transformer_config).
    small = {
        "tiny-gpt2": ("GPT2LMHeadModel", tf.GPT2Config(
            n_embd=64, n_layer=2, n_head=4, vocab_size=1000, n_positions=128)),
        "tiny-gpt2-untied": ("GPT2LMHeadModel", tf.GPT2Config(
            n_embd=64, n_layer=3, n_head=4, vocab_size=1000, n_positions=128,
            tie_word_embeddings=False)),
        "tiny-bert": ("BertModel", tf.BertConfig(
            hidden_size=64, num_hidden_layers=2, num_attention_heads=4,
            intermediate_size=256, vocab_size=1000, max_position_embeddings=128)),
        "tiny-llama": ("LlamaForCausalLM", tf.LlamaConfig(
            hidden_size=64, intermediate_size=172, num_hidden_layers=2,
            num_attention_heads=4, vocab_size=1000, max_position_embeddings=128)),
        "tiny-llama-gqa": ("LlamaForCausalLM", tf.LlamaConfig(
            hidden_size=128, intermediate_size=344, num_hidden_layers=3,
            num_attention_heads=8, num_key_value_heads=2, vocab_size=1000,
            max_position_embeddings=128)),
        "tiny-llama-gqa-tied-bias": ("LlamaForCausalLM", tf.LlamaConfig(
            hidden_size=128, intermediate_size=344, num_hidden_layers=2,
            num_attention_heads=8, num_key_value_heads=4, vocab_size=1000,
            max_position_embeddings=128, attention_bias=True, mlp_bias=True,
            tie_word_embeddings=True)),
    }
    for label, (cls, cfg) in small.items():
        rec(label, cls, cfg, keep_params=True)
    return out


def record_mult_adds() -> dict[str, Any]:
    import torchinfo
    import torchvision
    from torch import nn

    out: dict[str, Any] = {}

    def rec(label: str, model: Any, input_size: tuple[int, ...]) -> None:
        s = torchinfo.summary(model, input_size=input_size, verbose=0,
                              depth=20)
        layers = [[li.var_name, li.class_name, int(li.macs), li.depth, bool(li.is_leaf_layer)]
                  for li in s.summary_list]
        out[label] = {"input_size": list(input_size), "total_mult_adds": int(s.total_mult_adds),
                      "total_params": int(s.total_params), "layers": layers}
        print(f"  mult-adds {label}: {s.total_mult_adds:,}", file=sys.stderr)

    for name in MULT_ADDS_MODELS:
        rec(name, getattr(torchvision.models, name)(weights=None).eval(), (1, 3, 224, 224))
    rec("mlp-784-128-10", nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10)),
        (1, 784))
    rec("cnn-small", nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3, padding=1),
        nn.BatchNorm2d(64), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
        nn.Linear(64, 10)), (1, 1, 28, 28))
    return out


def main() -> None:
    import keras
    import torch
    import torchinfo
    import torchvision
    import transformers

    torch.manual_seed(0)
    only = set(sys.argv[1:])
    path = HERE / "models.json"
    data: dict[str, Any] = json.loads(path.read_text()) if path.exists() else {}
    data["recorded_with"] = {"keras": keras.__version__, "torch": torch.__version__,
                             "torchvision": torchvision.__version__,
                             "transformers": transformers.__version__,
                             "torchinfo": torchinfo.__version__}
    models = data.setdefault("models", {})
    if not only or "keras" in only:
        for name in KERAS_MODELS:
            models[f"keras:{name}"] = record_keras(name)
            print(f"  keras {name}: {models[f'keras:{name}']['total']:,}", file=sys.stderr)
            keras.backend.clear_session()
    if not only or "torchvision" in only:
        for name in TORCHVISION_MODELS:
            models[f"pytorch:{name}"] = record_torchvision(name)
            print(f"  torchvision {name}: {models[f'pytorch:{name}']['total']:,}",
                  file=sys.stderr)
    if not only or "transformers" in only:
        data["transformers"] = record_transformers()
    if not only or "mult_adds" in only:
        data["mult_adds"] = record_mult_adds()
    path.write_text(json.dumps(data, separators=(",", ":")) + "\n")
    print(f"{path.name}: {len(models)} models, {len(data.get('transformers', {}))} "
          f"transformers configs, {len(data.get('mult_adds', {}))} mult-adds records",
          file=sys.stderr)


if __name__ == "__main__":
    main()
