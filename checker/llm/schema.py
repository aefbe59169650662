"""The response model the LLM fills in (instructor validates it and re-asks on failure).

Only the shape is validated here; whether the numbers are really in the text is
``ground``'s job (a claim that fails there is dropped and counted, not re-asked).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, model_validator

from checker.claims.model import ClaimKind, Period


class LLMClaim(BaseModel):
    sentence: int = Field(description="表述所在句子的编号 i")
    kind: ClaimKind = Field(description="表述类型")
    value_text: str = Field(min_length=1, description="数字或方向词，原样照抄，不带单位和 % 号")
    start: int = Field(ge=0, description="value_text 在句子 text 中的起始位置")
    end: int = Field(ge=1, description="value_text 在句子 text 中的结束位置（不含）")
    subject: str = Field(default="", description="表述对象，照原文")
    measure: str = Field(default="", description="规范量名，可空")
    path: list[str] = Field(default_factory=list, description="科目路径，由外到内")
    base: str = Field(default="", description="占比的分母名称，没写则空")
    period: Period = "current"
    unit: Literal["万元", "元", "%", "个", ""] = ""
    related: dict[str, str] = Field(default_factory=dict, description="同一表述中相关的其他数字，照抄原文")
    direction: str = Field(default="", description="大于/小于/等于/增加/减少/持平，其余为空")

    @model_validator(mode="after")
    def _span_order(self) -> LLMClaim:
        if self.end <= self.start:
            raise ValueError("end 必须大于 start")
        return self


class LLMClaims(BaseModel):
    """All claims of the sentences sent in one request."""

    claims: list[LLMClaim] = Field(default_factory=list)
