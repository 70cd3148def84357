# expect: DET201@6
def make_sampler():
    import random as r

    def sample(xs):
        return r.choice(xs)

    return sample
