"""Keras' automatic layer names (``conv2d``, ``conv2d_transpose``, ``p_re_lu``): for every
class in ``keras.layers``, the name Keras 3 gives the first layer of that class it builds,
and the class's own name (an alias such as ``MaxPool2D`` is ``MaxPooling2D``).
Run by hand (see recorder.py); writes ``tests/golden/keras_names.json``."""

from __future__ import annotations

import json
import os
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "torch")

HERE = Path(__file__).resolve().parent


def main() -> None:
    import keras
    from keras.src.utils import naming
    names: dict[str, str] = {}
    classes: dict[str, str] = {}
    for attr in sorted(dir(keras.layers)):
        cls = getattr(keras.layers, attr)
        if not (isinstance(cls, type) and issubclass(cls, keras.layers.Layer)):
            continue
        # the name Keras' Layer.__init__ gives an unnamed layer, before uniquifying:
        # to_snake_case of the class's own __name__ (aliases such as MaxPool2D share a class)
        names[attr] = naming.to_snake_case(cls.__name__)
        classes[attr] = cls.__name__  # what model.summary() shows as the layer's type
    # and one layer actually built, to show the rule is the one Keras applies
    built = keras.layers.Conv2DTranspose(4, 3).name
    assert built.startswith(names["Conv2DTranspose"]), built
    out = {"recorded_with": f"keras {keras.__version__}", "names": names,
           "classes": classes}
    (HERE / "keras_names.json").write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")
    print(f"{len(names)} names")


if __name__ == "__main__":
    main()
