# expect: DET201@6
import torch


def test_model_output_shape(model):
    x = torch.randn(4, 3, 32, 32)
    out = model(x)
    assert out.shape == (4, 10)
