from enum import StrEnum


class ThreeDsRecommendation(StrEnum):
    CHALLENGE = "challenge"
    FRICTIONLESS = "frictionless"
    NONE = "none"

    def __str__(self) -> str:
        return str(self.value)
