"""Weight averaging shared by the three trainers (`--swa-from`, `finetune.py --soup`'s runs):
the running mean of a model's weights over the epochs it has seen."""


def running_mean(mean, state, n):
    """The running mean of a state dict's float tensors after adding `state`, the (n+1)-th; other
    tensors (counters, ids) keep their latest value. `mean` is None before the first."""
    if mean is None:
        return {k: v.detach().clone() for k, v in state.items()}
    return {k: (mean[k] + (v.detach() - mean[k]) / (n + 1) if v.is_floating_point()
                else v.detach().clone()) for k, v in state.items()}
