# expect: DET101@6 DET101@15
import datetime as dt


def age(born: dt.date) -> int:
    today = dt.date.today()
    return today.year - born.year


def fixed() -> dt.date:
    return dt.date(2020, 1, 1)


def stamp() -> str:
    return dt.datetime.today().strftime("%Y")
