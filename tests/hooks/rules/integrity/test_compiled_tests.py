"""INT004/INT005 on Java, Go, Rust and C++ test suites (hooks/rules/integrity/compiled_tests.py):
for each language a suite expecting what the prompt never states, and the same suite once the
prompt states it."""

from __future__ import annotations

import pytest
from taskgate.hooks.core.engine import run
from taskgate.hooks.rules.integrity import compiled_tests
from taskgate.hooks.workspace.repo import Repo

from tests.hooks.rules.integrity import corpus

PROMPT = """# Seat reservations

A theatre books seats for a show. Implement `reserve(hall, seats)` (in the language of the
signature) that books the requested seats and returns how many seats remain free.

{rules}

## Constraints

- time O(n) in the number of requested seats, space O(1) beyond the hall itself.
"""

JAVA_SOLUTION = """package theatre;

import java.util.List;

public final class Hall {
    private final boolean[] taken;

    public Hall(int size) { this.taken = new boolean[size]; }

    public int reserve(List<Integer> seats) {
        for (int seat : seats) {
            if (seat < 0 || seat >= taken.length) {
                throw new IndexOutOfBoundsException("seat " + seat + " does not exist");
            }
            if (taken[seat]) {
                throw new SeatTakenException(seat);
            }
        }
        int free = 0;
        for (int seat : seats) taken[seat] = true;
        for (boolean t : taken) if (!t) free++;
        return free;
    }
}

class SeatTakenException extends IllegalStateException {
    SeatTakenException(int seat) { super("seat " + seat + " is already taken"); }
}
"""

JAVA_TEST = """package theatre;

import static org.junit.jupiter.api.Assertions.*;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HallTest {
    @Test
    void reservingReturnsTheFreeSeats() {
        assertEquals(8, new Hall(10).reserve(List.of(1, 2)));
    }

    @Test
    void aSeatOutsideTheHallIsRejected() {
        Hall hall = new Hall(3);
        // assertThrows(ArithmeticException.class, ...) was the old expectation
        assertThrows(IndexOutOfBoundsException.class, () -> hall.reserve(List.of(7)));
    }

    @Test
    void aTakenSeatCannotBeBookedTwice() {
        Hall hall = new Hall(3);
        hall.reserve(List.of(1));
        assertThatThrownBy(() -> hall.reserve(List.of(1)))
            .isInstanceOf(IllegalStateException.class)
            .hasMessage("seat 1 is already taken");
    }
}
"""

GO_SOLUTION = """package theatre

import (
\t"errors"
\t"fmt"
)

var ErrSeatTaken = errors.New("seat already taken")

func Reserve(hall []bool, seats []int) (int, error) {
\tfor _, s := range seats {
\t\tif s < 0 || s >= len(hall) {
\t\t\treturn 0, fmt.Errorf("seat %d does not exist", s)
\t\t}
\t\tif hall[s] {
\t\t\treturn 0, ErrSeatTaken
\t\t}
\t}
\tfree := 0
\tfor _, s := range seats {
\t\thall[s] = true
\t}
\tfor _, t := range hall {
\t\tif !t {
\t\t\tfree++
\t\t}
\t}
\treturn free, nil
}
"""

GO_TEST = """package theatre

import (
\t"errors"
\t"testing"
)

func TestReserveTakenSeat(t *testing.T) {
\thall := []bool{false, true, false}
\tif _, err := Reserve(hall, []int{1}); !errors.Is(err, ErrSeatTaken) {
\t\tt.Fatalf("want ErrSeatTaken, got %v", err)
\t}
}

func TestReserveUnknownSeat(t *testing.T) {
\t_, err := Reserve([]bool{false}, []int{4})
\tif err == nil || err.Error() != "seat 4 does not exist" {
\t\tt.Fatalf("unexpected error %v", err)
\t}
}
"""

RUST_SOLUTION = """#[derive(Debug, PartialEq)]
pub enum ReserveError {
    NoSuchSeat(usize),
    SeatTaken(usize),
}

pub fn reserve(hall: &mut [bool], seats: &[usize]) -> Result<usize, ReserveError> {
    for &seat in seats {
        match hall.get(seat) {
            None => return Err(ReserveError::NoSuchSeat(seat)),
            Some(true) => return Err(ReserveError::SeatTaken(seat)),
            Some(false) => {}
        }
    }
    for &seat in seats {
        hall[seat] = true;
    }
    Ok(hall.iter().filter(|t| !**t).count())
}

pub fn reserve_or_panic(hall: &mut [bool], seats: &[usize]) -> usize {
    reserve(hall, seats).unwrap_or_else(|e| panic!("cannot reserve: {:?}", e))
}
"""

RUST_TEST = """use theatre::*;

#[test]
fn taken_seat_is_an_error() {
    let mut hall = vec![false, true];
    assert_eq!(reserve(&mut hall, &[1]), Err(ReserveError::SeatTaken(1)));
}

#[test]
#[should_panic(expected = "cannot reserve")]
fn reserve_or_panic_panics_on_unknown_seats() {
    let mut hall = vec![false];
    reserve_or_panic(&mut hall, &[3]);
}
"""

CPP_SOLUTION = """#include <stdexcept>
#include <string>
#include <vector>

int reserve(std::vector<bool>& hall, const std::vector<int>& seats) {
    for (int seat : seats) {
        if (seat < 0 || seat >= static_cast<int>(hall.size())) {
            throw std::out_of_range("seat " + std::to_string(seat) + " does not exist");
        }
        if (hall[seat]) throw std::invalid_argument("seat already taken");
    }
    for (int seat : seats) hall[seat] = true;
    int free = 0;
    for (bool t : hall) free += !t;
    return free;
}
"""

CPP_TEST = """#include <gtest/gtest.h>
#include <vector>

int reserve(std::vector<bool>& hall, const std::vector<int>& seats);

TEST(Reserve, UnknownSeat) {
    std::vector<bool> hall(2, false);
    EXPECT_THROW(reserve(hall, {5}), std::out_of_range);
}

TEST(Reserve, TakenSeat) {
    std::vector<bool> hall{false, true};
    try {
        reserve(hall, {1});
        FAIL() << "expected an exception";
    } catch (const std::invalid_argument& e) {
        EXPECT_STREQ(e.what(), "seat already taken");
    }
}
"""

# language: (solution file, test file, prompt rules that announce nothing, rules that announce
# everything the tests expect, the (line, code) findings when unannounced)
CASES = {
    "java": (
        ("theatre/Hall.java", JAVA_SOLUTION), ("theatre/HallTest.java", JAVA_TEST),
        "A request that cannot be served is an error.",
        ("A seat outside the hall throws `IndexOutOfBoundsException`; a seat already taken throws a "
         "`SeatTakenException` with the message \"seat <n> is already taken\", e.g. \"seat 1 is already taken\"."),
        [(19, "INT004"), (27, "INT004"), (28, "INT005")],
    ),
    "go": (
        ("theatre.go", GO_SOLUTION), ("theatre_test.go", GO_TEST),
        "A request that cannot be served is an error.",
        ("A seat already taken returns the sentinel error `ErrSeatTaken`; a seat outside the hall returns an "
         "error `seat <n> does not exist`, e.g. \"seat 4 does not exist\"."),
        [(10, "INT004"), (17, "INT005")],
    ),
    "rust": (
        ("src/lib.rs", RUST_SOLUTION), ("tests/reserve.rs", RUST_TEST),
        "A request that cannot be served is an error.",
        ("A seat already taken is `Err(ReserveError::SeatTaken(seat))`, an unknown seat "
         "`Err(ReserveError::NoSuchSeat(seat))`. `reserve_or_panic` panics with a message starting `cannot reserve`."),
        [(6, "INT004"), (10, "INT005")],
    ),
    "cpp": (
        ("reserve.cpp", CPP_SOLUTION), ("reserve_test.cpp", CPP_TEST),
        "A request that cannot be served is an error.",
        ("A seat outside the hall throws `std::out_of_range`; a seat already taken throws "
         "`std::invalid_argument` with the message \"seat already taken\"."),
        [(8, "INT004"), (17, "INT005")],
    ),
}


def _repo(root, language, rules):
    solution, test, _quiet, _loud, _expected = CASES[language]
    tests = {test[0].rsplit("/", 1)[-1]: test[1]}
    corpus.write(root, f"seat-reservations-{language}", base="inventory-reservations", language=language,
                 prompt=PROMPT.format(rules=rules), solution={solution[0].replace("/", "_"): solution[1]}, tests=tests,
                 signature=["reserve(hall, seats)"], edge_cases=[])
    (root / "taskgate.yaml").write_text("schema_version: 1\n")
    return Repo(root)


@pytest.mark.parametrize("language", sorted(CASES))
def test_unannounced_error_types_and_messages_in_other_languages(tmp_path, language):
    repo = _repo(tmp_path, language, CASES[language][2])
    found = run(repo, stage="merge", hooks=("integrity",)).findings
    assert [(f.line, f.code) for f in found if f.code in ("INT004", "INT005")] == CASES[language][4]
    verb = {"go": "returned", "rust": "returned"}.get(language, "thrown")  # errors are values in Go and Rust
    assert all(f.message.endswith(f" is {verb}") for f in found if f.code == "INT004")


@pytest.mark.parametrize("language", sorted(CASES))
def test_the_same_suites_are_clean_once_the_prompt_states_them(tmp_path, language):
    repo = _repo(tmp_path, language, CASES[language][3])
    found = run(repo, stage="merge", hooks=("integrity",)).findings
    assert [(f.line, f.code, f.message) for f in found if f.code in ("INT004", "INT005")] == []


def test_a_base_class_is_announced_by_a_subclass_the_prompt_names():
    """A Java test accepting RuntimeException or a C++ test accepting std::logic_error is
    satisfied by the subclass the prompt names (the standard hierarchy, and the task's own)."""
    from taskgate.hooks.rules.integrity import announced

    vocab = announced.Vocabulary("A taken seat throws `SeatTakenException`; an unknown one `std::out_of_range`.")
    java = compiled_tests.hierarchy("java", [JAVA_SOLUTION])
    assert announced.exception("IllegalStateException", vocab, lambda: java)
    assert announced.exception("RuntimeException", vocab, lambda: java)
    assert not announced.exception("IllegalArgumentException", vocab, lambda: java)
    cpp = compiled_tests.hierarchy("cpp", [])
    assert announced.exception("logic_error", vocab, lambda: cpp)
    assert not announced.exception("runtime_error", vocab, lambda: cpp)


def test_patterns_in_comments_are_not_expectations():
    source = "// EXPECT_THROW(f(), std::bad_alloc);\n/* REQUIRE_THROWS_WITH(g(), \"boom\"); */\nTEST(A, B) { EXPECT_THROW(f(), Oops); }\n"
    assert [(e.kind, e.value, e.line) for e in compiled_tests.expectations(source, "cpp")] == [("exception", "Oops", 3)]
