"""A terminal for commands that ask questions: ``input()`` answered from a script."""

from __future__ import annotations


class ScriptedTerminal:
    """Answers ``input()`` prompts in order and remembers what was asked."""

    def __init__(self) -> None:
        self.answers: list[str] = []
        self.prompts: list[str] = []

    def will_answer(self, *answers: str) -> None:
        self.answers.extend(answers)

    def __call__(self, prompt: str = "") -> str:
        self.prompts.append(prompt)
        if not self.answers:
            raise EOFError
        return self.answers.pop(0)
