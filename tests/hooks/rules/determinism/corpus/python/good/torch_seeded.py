# expect: none
import torch


def setup_function():
    torch.manual_seed(0)


def test_noise_shape():
    assert torch.rand(3).shape == (3,)
