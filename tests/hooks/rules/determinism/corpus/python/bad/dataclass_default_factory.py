# expect: DET101@10 DET101@11
import time
from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Event:
    name: str
    created: float = field(default_factory=time.time)
    seen: datetime = field(default_factory=datetime.now)
