"""Writes torchvision's ResNet-18 (10 classes, seeded) as ONNX for TorchvisionResNet18Test, into the
folder given as the first argument: resnet18_preserve.onnx (batch norms kept as nodes),
resnet18_folded.onnx (the default export, batch norms folded into the convolutions), inputs.npy
(4 images of 3x64x64) and probabilities.npy (PyTorch's softmax of them). Nothing it writes is
committed: the files are 45 MB each.

torch.onnx.export folds every batch norm into the convolution before it when it exports in
evaluation mode (TrainingMode.EVAL, its default); TrainingMode.PRESERVE on a model put in
evaluation mode keeps BatchNormalization nodes with the running statistics, computing eval-mode
batch norm.

Usage: python3 make_resnet18.py OUT_DIR
"""
import os
import sys

import numpy as np
import torch
import torchvision

out = sys.argv[1]
torch.manual_seed(11)
model = torchvision.models.resnet18(num_classes=10)
# Running statistics, scales and shifts far from their initial 0/1, so a batch norm loaded wrongly
# (or computed in training mode) shows in the probabilities.
with torch.no_grad():
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.running_mean.uniform_(-0.5, 0.5)
            m.running_var.uniform_(0.5, 2.0)
            m.weight.uniform_(0.5, 1.5)
            m.bias.uniform_(-0.3, 0.3)
    model.fc.weight.mul_(8.0)
model.eval()
inputs = torch.randn(4, 3, 64, 64)
with torch.no_grad():
    probabilities = torch.softmax(model(inputs), dim=1)
names = dict(input_names=["input"], output_names=["logits"], dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
torch.onnx.export(model, inputs, os.path.join(out, "resnet18_preserve.onnx"), opset_version=13,
                  training=torch.onnx.TrainingMode.PRESERVE, **names)
torch.onnx.export(model, inputs, os.path.join(out, "resnet18_folded.onnx"), opset_version=13, **names)
np.save(os.path.join(out, "inputs.npy"), inputs.numpy().astype(np.float32))
np.save(os.path.join(out, "probabilities.npy"), probabilities.numpy().astype(np.float32))
print("max probability per input:", probabilities.max(dim=1).values.numpy())
