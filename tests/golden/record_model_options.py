"""Record named models built with options (no top, pooling, classes, another input) from
the real libraries (run by hand, never in CI).

    KERAS_BACKEND=torch /work/fwvenv/bin/python tests/golden/record_model_options.py keras
    /work/zoovenv/bin/python tests/golden/record_model_options.py torchvision

Each run rewrites its own library's cases in ``tests/golden/model_options.json`` and keeps
the other's. Every case is a question as people ask it and the library call it means; the
test asks parambot the question and compares its answer with what the library built::

    {"recorded_with": {"keras": ..., "torch": ..., "torchvision": ...},
     "cases": {"<question>": {
         "framework", "name", "kwargs",            # the call: keras.applications.<name>(
                                                   #   weights=None, **kwargs) or
                                                   #   torchvision.models.<name>(weights=None,
                                                   #   **kwargs) run on "input" (C, H, W)
         "input",                                  # torchvision: the input fed to forward
         "error",                                  # set when the library refuses, else:
         "total", "trainable", "non_trainable", "buffers", "output_shape",
         "layers": [[name, class, count_params, output shape]...]      # Keras model.layers
         "outputs": {module: output shape}, "modules": [leaf names],    # torchvision
         "parameters": [[name, shape]...]}}}

Everything is built with ``weights=None``: nothing is downloaded, and ``classes`` or an
``input_shape`` other than the default is only allowed without ImageNet weights anyway.
Nothing here is computed by parambot: every number comes from the library.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

os.environ.setdefault("KERAS_BACKEND", "torch")

HERE = Path(__file__).resolve().parent
PATH = HERE / "model_options.json"

#: (question, keras.applications name, keyword arguments besides weights=None)
KERAS_CASES: list[tuple[str, str, dict[str, Any]]] = [
    # include_top=False, no input_shape: Keras builds it on (None, None, 3)
    ("keras resnet50 without top", "ResNet50", {"include_top": False}),
    ("keras vgg16 include_top=False", "VGG16", {"include_top": False}),
    ("vgg19 no top", "VGG19", {"include_top": False}),
    ("resnet101 headless", "ResNet101", {"include_top": False}),
    ("keras resnet152 without the top", "ResNet152", {"include_top": False}),
    ("mobilenet feature extractor", "MobileNet", {"include_top": False}),
    ("keras mobilenetv2 without top", "MobileNetV2", {"include_top": False}),
    ("densenet121 include_top=False", "DenseNet121", {"include_top": False}),
    ("inceptionv3 without top", "InceptionV3", {"include_top": False}),
    ("xception no top", "Xception", {"include_top": False}),
    ("efficientnetb0 without top", "EfficientNetB0", {"include_top": False}),
    # pooling (only read without the top)
    ("keras resnet50 without top pooling avg", "ResNet50",
     {"include_top": False, "pooling": "avg"}),
    ("keras vgg16 without top, pooling max", "VGG16", {"include_top": False, "pooling": "max"}),
    ("mobilenetv2 include_top=False pooling='avg'", "MobileNetV2",
     {"include_top": False, "pooling": "avg"}),
    ("efficientnetb0 no top with max pooling", "EfficientNetB0",
     {"include_top": False, "pooling": "max"}),
    ("inceptionv3 feature extractor with average pooling", "InceptionV3",
     {"include_top": False, "pooling": "avg"}),
    ("densenet121 without top pooling max", "DenseNet121",
     {"include_top": False, "pooling": "max"}),
    ("keras mobilenet without top pooling avg", "MobileNet",
     {"include_top": False, "pooling": "avg"}),
    ("xception include_top=False, pooling='max'", "Xception",
     {"include_top": False, "pooling": "max"}),
    ("resnet152 headless pooling avg", "ResNet152", {"include_top": False, "pooling": "avg"}),
    # classes
    ("vgg16 with 2 classes", "VGG16", {"classes": 2}),
    ("resnet50 10 classes", "ResNet50", {"classes": 10}),
    ("mobilenetv2 with 10 classes", "MobileNetV2", {"classes": 10}),
    ("efficientnetb0 10 classes", "EfficientNetB0", {"classes": 10}),
    ("keras mobilenet classes=5", "MobileNet", {"classes": 5}),
    ("densenet121 with 3 classes", "DenseNet121", {"classes": 3}),
    ("inceptionv3 7 classes", "InceptionV3", {"classes": 7}),
    ("xception for 4 classes", "Xception", {"classes": 4}),
    ("keras resnet101 100 classes", "ResNet101", {"classes": 100}),
    ("vgg19 1 class", "VGG19", {"classes": 1}),
    # another input, with the top
    ("keras vgg16 on 128x128x3", "VGG16", {"input_shape": (128, 128, 3)}),
    ("vgg19 input_shape=(96, 96, 3)", "VGG19", {"input_shape": (96, 96, 3)}),
    ("resnet50 on 160x160x3", "ResNet50", {"input_shape": (160, 160, 3)}),
    ("keras vgg16 on 32x32x3", "VGG16", {"input_shape": (32, 32, 3)}),
    ("keras resnet152 on 32x32x3", "ResNet152", {"input_shape": (32, 32, 3)}),
    ("keras resnet50 on 97x131x3", "ResNet50", {"input_shape": (97, 131, 3)}),
    ("mobilenetv2 on 96x96x3", "MobileNetV2", {"input_shape": (96, 96, 3)}),
    ("keras mobilenetv2 on 75x75x3", "MobileNetV2", {"input_shape": (75, 75, 3)}),
    ("keras mobilenet on 128x128x3", "MobileNet", {"input_shape": (128, 128, 3)}),
    ("densenet121 on 64x64x3", "DenseNet121", {"input_shape": (64, 64, 3)}),
    ("efficientnetb0 on 240x240x3", "EfficientNetB0", {"input_shape": (240, 240, 3)}),
    ("efficientnetb0 on 33x33x3", "EfficientNetB0", {"input_shape": (33, 33, 3)}),
    ("inceptionv3 on 150x150x3", "InceptionV3", {"input_shape": (150, 150, 3)}),
    ("xception on 100x100x3", "Xception", {"input_shape": (100, 100, 3)}),
    ("keras vgg16 on 64x64x1", "VGG16", {"input_shape": (64, 64, 1)}),
    # combinations
    ("keras resnet50 without top on 160x160x3", "ResNet50",
     {"include_top": False, "input_shape": (160, 160, 3)}),
    ("keras vgg16 without top on 128x128x3 pooling avg", "VGG16",
     {"include_top": False, "input_shape": (128, 128, 3), "pooling": "avg"}),
    ("mobilenetv2 no top on 96x96x3", "MobileNetV2",
     {"include_top": False, "input_shape": (96, 96, 3)}),
    ("inceptionv3 without top on 75x75x3", "InceptionV3",
     {"include_top": False, "input_shape": (75, 75, 3)}),
    ("xception without top on 71x71x3", "Xception",
     {"include_top": False, "input_shape": (71, 71, 3)}),
    ("efficientnetb0 without top on 300x300x3 pooling max", "EfficientNetB0",
     {"include_top": False, "input_shape": (300, 300, 3), "pooling": "max"}),
    ("densenet121 without top on 96x96x3", "DenseNet121",
     {"include_top": False, "input_shape": (96, 96, 3)}),
    ("keras resnet50 on 64x64x3 with 10 classes", "ResNet50",
     {"input_shape": (64, 64, 3), "classes": 10}),
    ("vgg16 on 64x64x3 with 10 classes", "VGG16", {"input_shape": (64, 64, 3), "classes": 10}),
    ("efficientnetb0 on 128x128x3 with 5 classes", "EfficientNetB0",
     {"input_shape": (128, 128, 3), "classes": 5}),
    # what Keras refuses
    ("keras vgg16 on 31x31x3", "VGG16", {"input_shape": (31, 31, 3)}),
    ("keras resnet50 without top on 16x16x3", "ResNet50",
     {"include_top": False, "input_shape": (16, 16, 3)}),
    ("inceptionv3 on 74x74x3", "InceptionV3", {"input_shape": (74, 74, 3)}),
    ("xception without top on 70x70x3", "Xception",
     {"include_top": False, "input_shape": (70, 70, 3)}),
]

#: (question, torchvision name, keyword arguments besides weights=None, input C×H×W)
TORCHVISION_CASES: list[tuple[str, str, dict[str, Any], tuple[int, int, int]]] = [
    ("pytorch resnet18 num_classes=5", "resnet18", {"num_classes": 5}, (3, 224, 224)),
    ("torchvision resnet50 10 classes", "resnet50", {"num_classes": 10}, (3, 224, 224)),
    ("pytorch resnet34 with 7 classes", "resnet34", {"num_classes": 7}, (3, 224, 224)),
    ("torchvision resnet101 num_classes=100", "resnet101", {"num_classes": 100},
     (3, 224, 224)),
    ("pytorch resnet152 2 classes", "resnet152", {"num_classes": 2}, (3, 224, 224)),
    ("pytorch vgg16 with 2 classes", "vgg16", {"num_classes": 2}, (3, 224, 224)),
    ("vgg11 10 classes", "vgg11", {"num_classes": 10}, (3, 224, 224)),
    ("pytorch vgg19 num_classes=4", "vgg19", {"num_classes": 4}, (3, 224, 224)),
    ("alexnet 10 classes", "alexnet", {"num_classes": 10}, (3, 224, 224)),
    ("pytorch mobilenet_v2 10 classes", "mobilenet_v2", {"num_classes": 10}, (3, 224, 224)),
    ("pytorch densenet121 3 classes", "densenet121", {"num_classes": 3}, (3, 224, 224)),
    ("squeezenet 10 classes", "squeezenet1_0", {"num_classes": 10}, (3, 224, 224)),
    ("pytorch efficientnet_b0 num_classes=10", "efficientnet_b0", {"num_classes": 10},
     (3, 224, 224)),
    ("vit_b_16 with 10 classes", "vit_b_16", {"num_classes": 10}, (3, 224, 224)),
    # another input: counts stay (adaptive pooling), output shapes change
    ("pytorch resnet50 input 3x128x128", "resnet50", {}, (3, 128, 128)),
    ("pytorch resnet18 on 3x64x64", "resnet18", {}, (3, 64, 64)),
    ("pytorch resnet34 on 3x97x131", "resnet34", {}, (3, 97, 131)),
    ("pytorch vgg16 on 3x128x128", "vgg16", {}, (3, 128, 128)),
    ("pytorch vgg11 on 3x32x32", "vgg11", {}, (3, 32, 32)),
    ("alexnet on 3x96x96", "alexnet", {}, (3, 96, 96)),
    ("pytorch mobilenet_v2 on 3x160x160", "mobilenet_v2", {}, (3, 160, 160)),
    ("pytorch densenet121 on 3x96x96", "densenet121", {}, (3, 96, 96)),
    ("squeezenet on 3x128x128", "squeezenet1_0", {}, (3, 128, 128)),
    ("pytorch efficientnet_b0 on 3x240x240", "efficientnet_b0", {}, (3, 240, 240)),
    ("pytorch resnet50 on 160x160x3", "resnet50", {}, (3, 160, 160)),
    # combinations
    ("pytorch resnet50 on 3x128x128 with 10 classes", "resnet50", {"num_classes": 10},
     (3, 128, 128)),
    ("pytorch efficientnet_b0 on 3x64x64 num_classes=4", "efficientnet_b0",
     {"num_classes": 4}, (3, 64, 64)),
    # what PyTorch refuses
    ("pytorch vgg16 on 3x16x16", "vgg16", {}, (3, 16, 16)),
    ("alexnet on 3x32x32", "alexnet", {}, (3, 32, 32)),
    ("vit_b_16 on 3x384x384", "vit_b_16", {}, (3, 384, 384)),
    ("pytorch resnet18 on 1x64x64", "resnet18", {}, (1, 64, 64)),
]


def _dims(shape: Any) -> list[int | None]:
    return [None if d is None else int(d) for d in shape]


def record_keras(name: str, kwargs: dict[str, Any]) -> dict[str, Any]:
    import keras

    keras.backend.clear_session()  # auto-names (conv2d, conv2d_1) start afresh
    call = {"framework": "keras", "name": name,
            "kwargs": {k: list(v) if isinstance(v, tuple) else v for k, v in kwargs.items()}}
    try:
        model = getattr(keras.applications, name)(weights=None, **kwargs)
    except ValueError as exc:
        return {**call, "error": str(exc)}
    layers = []
    for layer in model.layers:
        out = layer.output
        shape = _dims(out.shape[1:]) if not isinstance(out, (list, tuple)) else None
        layers.append([layer.name, type(layer).__name__, layer.count_params(), shape])
    trainable = sum(int(w.numpy().size) for w in model.trainable_weights)
    non_trainable = sum(int(w.numpy().size) for w in model.non_trainable_weights)
    return {**call, "total": model.count_params(), "trainable": trainable,
            "non_trainable": non_trainable, "buffers": 0,
            "output_shape": _dims(model.output.shape[1:]), "layers": layers}


def record_torchvision(name: str, kwargs: dict[str, Any],
                       shape: tuple[int, int, int]) -> dict[str, Any]:
    import torch
    import torchvision

    call = {"framework": "pytorch", "name": name, "kwargs": kwargs, "input": list(shape)}
    model = getattr(torchvision.models, name)(weights=None, **kwargs).eval()
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
    try:
        with torch.no_grad():
            y = model(torch.zeros(1, *shape))
    except (RuntimeError, ValueError, AssertionError) as exc:
        return {**call, "error": str(exc).splitlines()[0]}
    finally:
        for h in handles:
            h.remove()
    total = sum(p.numel() for _, p in params)
    trainable = sum(p.numel() for _, p in params if p.requires_grad)
    return {**call, "total": total, "trainable": trainable,
            "non_trainable": total - trainable,
            "buffers": sum(b.numel() for _, b in buffers),
            "output_shape": list(y.shape[1:]),
            "parameters": [[n, list(p.shape)] for n, p in params],
            "modules": [n for n, m in model.named_modules() if n and not list(m.children())],
            "outputs": outputs}


def main() -> None:
    which = sys.argv[1] if len(sys.argv) > 1 else ""
    if which not in ("keras", "torchvision"):
        sys.exit("usage: record_model_options.py keras|torchvision")
    data: dict[str, Any] = json.loads(PATH.read_text()) if PATH.exists() else {}
    versions = data.setdefault("recorded_with", {})
    cases = data.setdefault("cases", {})
    fw = "keras" if which == "keras" else "pytorch"
    for q in [q for q, c in cases.items() if c["framework"] == fw]:
        del cases[q]
    if which == "keras":
        import keras

        versions["keras"] = keras.__version__
        for question, name, kwargs in KERAS_CASES:
            cases[question] = rec = record_keras(name, kwargs)
            print(f"  {question}: {rec.get('total', rec.get('error'))}", file=sys.stderr)
    else:
        import torch
        import torchvision

        versions["torch"] = torch.__version__
        versions["torchvision"] = torchvision.__version__
        for question, name, kwargs, shape in TORCHVISION_CASES:
            cases[question] = rec = record_torchvision(name, kwargs, shape)
            print(f"  {question}: {rec.get('total', rec.get('error'))}", file=sys.stderr)
    PATH.write_text(json.dumps(data, separators=(",", ":"), sort_keys=True) + "\n")
    print(f"{PATH.name}: {len(cases)} cases", file=sys.stderr)


if __name__ == "__main__":
    main()
