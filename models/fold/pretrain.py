"""Find and keep the shipped fold networks: ``python -m models.fold.pretrain``.

For every data set and hidden width, train many seeds at once (one batched
computation), keep the seed with the best accuracy (then the lowest loss),
and write its weights to ``assets/weights/fold-<dataset>-w<width>.json``.
The kept seed reproduces: ``models.fold.training.train`` from that seed follows the
same path as the batched run.

The shipped 2-class spiral network at width 2 reaches 98.6 %, short of the
claim's 99 % (``claim_spiral_separate`` fails, on purpose, with that number).
A bounded search for more (issue 12, measured, 1 CPU thread) found none:
polishing the shipped network (16 copies, the first exact, the others
perturbed by 1e-3 or 1e-2; 15,000 more Adam steps, lr 3e-3 or 1e-2
decaying to 1e-6, each ending on its best step, ``train_many(keep_best=True)``)
stays at 98.7 % for every copy and schedule; a fresh search with the
leaky-ReLU start (seeds 0..255, leak 0.3, 3,000 steps at lr 0.02, then the
best 8 for 6,000 decaying steps, best step kept) reaches 90.8 %.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import torch

from models.fold.batched import train_many
from models.fold.datasets import DATASETS, make_dataset
from models.fold.network import FoldConfig
from models.fold.shipped import DATA_SEED, DEPTH, N_POINTS, WIDTHS, pretrained_path
from models.fold.weights_file import save


def _best(result) -> int:
    order = np.lexsort((result.losses[-1], -result.final_accuracy))
    return int(order[0])


def search(dataset: str, width: int, seeds: int, steps: int, lr: float, first_seed: int = 0,
           refine_top: int = 0, refine_steps: int = 0, lr_end: float = 1e-4):
    """Phase 1: ``seeds`` networks for ``steps`` steps of Adam at ``lr``.
    Phase 2 (when refine_steps > 0): the ``refine_top`` best go on for
    ``refine_steps`` more, the learning rate decaying from lr to lr_end."""
    data = make_dataset(dataset, N_POINTS, DATA_SEED)
    cfg = FoldConfig(width, DEPTH, data.n_classes)
    result = train_many(cfg, data, list(range(first_seed, first_seed + seeds)), steps=steps, lr=lr)
    rate = float((result.final_accuracy >= 0.95).mean())
    schedule = f"{steps} steps of full-batch Adam, lr {lr}"
    if refine_steps > 0 and refine_top > 0:
        top = [int(i) for i in np.argsort(-result.final_accuracy, kind="stable")[:refine_top]]
        result = train_many(cfg, data, [], steps=refine_steps, lr=lr, lr_end=lr_end,
                            nets=result.nets.select(top))
        schedule += (f"; then the best {refine_top} went on for {refine_steps} steps, "
                     f"lr decaying from {lr} to {lr_end} (cosine)")
    best = _best(result)
    meta = {
        "dataset": dataset, "data_seed": DATA_SEED, "n_points": N_POINTS, "seed": result.seeds[best],
        "training": schedule, "accuracy": float(result.final_accuracy[best]),
        "search": f"best of seeds {first_seed}..{first_seed + seeds - 1}",
        "success_rate_95": rate,
    }
    return result.nets.weights(best, meta), meta


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--datasets", default=",".join(DATASETS))
    p.add_argument("--widths", default=",".join(map(str, WIDTHS)))
    p.add_argument("--seeds", type=int, default=256)
    p.add_argument("--steps", type=int, default=3000)
    p.add_argument("--lr", type=float, default=1e-2)
    p.add_argument("--first-seed", type=int, default=0)
    p.add_argument("--refine-top", type=int, default=0)
    p.add_argument("--refine-steps", type=int, default=0)
    p.add_argument("--lr-end", type=float, default=1e-4)
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--only-better", action="store_true", help="keep an existing file unless beaten")
    args = p.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    for dataset in args.datasets.split(","):
        for width in map(int, args.widths.split(",")):
            t0 = time.perf_counter()
            weights, meta = search(dataset, width, args.seeds, args.steps, args.lr, args.first_seed,
                                   args.refine_top, args.refine_steps, args.lr_end)
            path = pretrained_path(dataset, width)
            if args.only_better and path.exists():
                from models.fold.shipped import load_pretrained

                old = load_pretrained(dataset, width)
                if old.meta.get("accuracy", 0) >= meta["accuracy"]:
                    print(f"{dataset} w{width}: kept {path.name} ({old.meta.get('accuracy')}) over {meta['accuracy']}")
                    continue
            save(weights, path)
            print(f"{dataset} w{width}: seed {meta['seed']} accuracy {100 * meta['accuracy']:.1f}% "
                  f"(≥95 % for {100 * meta['success_rate_95']:.0f}% of seeds) in {time.perf_counter() - t0:.0f}s "
                  f"-> {path.name}", flush=True)


if __name__ == "__main__":
    main()
