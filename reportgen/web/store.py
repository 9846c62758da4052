"""Temporary folders for uploads and jobs, the worker pool that runs jobs, and their expiry.

Everything lives under one private folder made at start (`tempfile.mkdtemp`), never in the
user's folders. An upload keeps the officer's workbooks (so one upload can be checked, then
built several ways) until it has been idle for `ttl` seconds or is deleted. A job has its own
folder for its results; it is deleted when every result has been downloaded, when it has been
idle for `ttl` seconds, or when the server stops. Long work runs in a thread pool, so a slow
build never holds up a request: requests only read a job's state.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
import threading
import time
import weakref
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"


@dataclass
class Output:
    name: str  # file name inside the job folder, also the download name
    label: str  # what it is, in Vietnamese


@dataclass
class Job:
    id: str
    title: str
    folder: Path
    state: str = QUEUED
    step: str = "Đang chờ đến lượt…"
    done: int = 0
    total: int = 0
    outputs: list[Output] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (severity "error"/"warning", text)
    summary: str = ""
    error: str = ""
    result: object = None  # what the page shows besides files (e.g. check findings)
    upload_id: str = ""
    downloaded: set[str] = field(default_factory=set)
    removed: bool = False
    touched: float = 0.0

    @property
    def finished(self) -> bool:
        return self.state in (DONE, FAILED)

    def advance(self, n: int = 1) -> None:
        """A progress callback for the library (`progress(1)` after each file)."""
        self.done = min(self.done + n, self.total) if self.total else self.done + n

    def path(self, name: str) -> Path | None:
        for out in self.outputs:
            if out.name == name:
                return self.folder / out.name
        return None


@dataclass
class Upload:
    id: str
    folder: Path  # holds only the uploaded workbooks
    names: list[str]
    rejected: list[str] = field(default_factory=list)  # Vietnamese lines for files not taken
    check_job: str = ""
    touched: float = 0.0

    def paths(self) -> list[Path]:
        return [self.folder / n for n in self.names]


class Store:
    """Uploads and jobs by unguessable id; a pool of `workers` threads runs the jobs."""

    def __init__(self, *, ttl: float = 1800.0, workers: int = 2, clock: Callable[[], float] = time.monotonic):
        self.root = Path(tempfile.mkdtemp(prefix="reportgen-web-"))
        weakref.finalize(self, shutil.rmtree, self.root, True)  # also when never closed (at exit)
        self.ttl = ttl
        self.clock = clock
        self._lock = threading.Lock()
        self._uploads: dict[str, Upload] = {}
        self._jobs: dict[str, Job] = {}
        self._pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="reportgen-job")

    # --- uploads ---------------------------------------------------------------------------------

    def new_folder(self, kind: str) -> tuple[str, Path]:
        key = secrets.token_urlsafe(16)
        folder = self.root / f"{kind}-{key}"
        folder.mkdir()
        return key, folder

    def add_upload(self, upload: Upload) -> Upload:
        upload.touched = self.clock()
        with self._lock:
            self._uploads[upload.id] = upload
        return upload

    def upload(self, key: str) -> Upload | None:
        with self._lock:
            up = self._uploads.get(key)
            if up is not None:
                up.touched = self.clock()
            return up

    def drop_upload(self, key: str) -> None:
        with self._lock:
            up = self._uploads.pop(key, None)
        if up is not None:
            shutil.rmtree(up.folder, ignore_errors=True)

    # --- jobs ------------------------------------------------------------------------------------

    def start(self, title: str, work: Callable[[Job], None], *, upload_id: str = "", total: int = 0) -> Job:
        """Make a job with its own folder and run `work(job)` in the pool."""
        key, folder = self.new_folder("job")
        job = Job(key, title, folder, total=total, upload_id=upload_id, touched=self.clock())
        with self._lock:
            self._jobs[key] = job
        self._pool.submit(self._run, job, work)
        return job

    def _run(self, job: Job, work: Callable[[Job], None]) -> None:
        job.state, job.step = RUNNING, "Đang xử lý…"
        try:
            work(job)
        except Exception as exc:  # noqa: BLE001 - the page shows it; the server keeps serving
            job.error = job.error or (f"Lỗi không mong đợi ({type(exc).__name__}): {exc}. "
                                      "Vui lòng gửi tệp đầu vào cho nhóm phát triển.")
        job.state = FAILED if job.error else DONE
        if job.total:
            job.done = job.total if job.state == DONE else job.done
        job.touched = self.clock()

    def job(self, key: str) -> Job | None:
        with self._lock:
            job = self._jobs.get(key)
            if job is not None:
                job.touched = self.clock()
            return job

    def mark_downloaded(self, job: Job, name: str, *, everything: bool = False) -> bool:
        """Note a download; True when every result has now been downloaded (the job can go)."""
        with self._lock:
            job.downloaded.update(o.name for o in job.outputs) if everything else job.downloaded.add(name)
            return all(o.name in job.downloaded for o in job.outputs)

    def drop_job(self, key: str) -> None:
        with self._lock:
            job = self._jobs.get(key)
            if job is None or not job.finished:
                return
            job.removed = True
            job.outputs = []
        shutil.rmtree(job.folder, ignore_errors=True)

    # --- expiry ----------------------------------------------------------------------------------

    def sweep(self) -> None:
        """Delete uploads and finished jobs idle for longer than `ttl`."""
        now = self.clock()
        with self._lock:
            old_uploads = [k for k, u in self._uploads.items() if now - u.touched > self.ttl
                           and not any(j.upload_id == k and not j.finished for j in self._jobs.values())]
            old_jobs = [k for k, j in self._jobs.items() if j.finished and now - j.touched > self.ttl]
        for key in old_uploads:
            self.drop_upload(key)
        for key in old_jobs:
            self.drop_job(key)
            with self._lock:
                self._jobs.pop(key, None)

    def close(self) -> None:
        """Wait for running jobs, then delete every temporary file."""
        self._pool.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(self.root, ignore_errors=True)
