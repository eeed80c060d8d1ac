"""Writes the PyTorch fixtures of PretrainedWeightsTest: a seeded LeNet-5 laid out as ALPS's lenet5
(conv 6@5x5, ReLU, max pool 2, conv 16@5x5, ReLU, max pool 2, dense 120, 84, 10 classes) for
3x32x32 images, exported to ONNX (operator set 13), a few inputs and PyTorch's class probabilities.

Run from this directory: python3 make_lenet5.py
"""
import numpy as np
import torch
from torch import nn

torch.manual_seed(7)


class LeNet5(nn.Module):
    def __init__(self, classes=10):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 6, 5), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2))
        self.classifier = nn.Sequential(
            nn.Flatten(), nn.Linear(16 * 5 * 5, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(),
            nn.Linear(84, classes))

    def forward(self, x):
        return self.classifier(self.features(x))


model = LeNet5().eval()
# Larger than the default initialisation, so the probabilities are far from uniform and a wrongly
# loaded layer shows.
with torch.no_grad():
    for p in model.parameters():
        p.mul_(3.0)
inputs = torch.randn(4, 3, 32, 32)
with torch.no_grad():
    probabilities = torch.softmax(model(inputs), dim=1)
torch.onnx.export(model, inputs, "lenet5_torch.onnx", opset_version=13, input_names=["input"],
                  output_names=["logits"], dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
np.save("lenet5_inputs.npy", inputs.numpy().astype(np.float32))
np.save("lenet5_probabilities.npy", probabilities.numpy().astype(np.float32))
print("max probability per input:", probabilities.max(dim=1).values.numpy())
