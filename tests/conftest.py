import pytest


@pytest.fixture(autouse=True, scope="session")
def _one_torch_thread():
    """The lessons' networks are tiny: on a 2-core machine extra intra-op
    threads only contend (300 steps took 20-40 s with 2 threads under load,
    about 1 s with one). The app sets the same when it loads PyTorch."""
    import torch

    n = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(n)
