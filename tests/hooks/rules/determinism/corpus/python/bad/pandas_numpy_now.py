# expect: DET101@8 DET101@8 DET101@8
import numpy as np
import pandas as pd


def stamps():
    fixed = pd.Timestamp("2020-01-01")
    return fixed, pd.Timestamp.now(), pd.Timestamp("now"), np.datetime64("today")
