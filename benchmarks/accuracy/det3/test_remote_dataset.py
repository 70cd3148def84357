# expect: DET301@6
import pandas as pd


def test_dataset_columns():
    df = pd.read_csv(__import__("urllib.request").request.urlopen("https://example.org/data.csv"))
    assert list(df.columns) == ["a", "b"]
