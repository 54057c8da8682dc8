"""The Jupyter kernel a report runs on: started before anything heavy is imported in the
parent, with the report's modules loaded while it starts, and reusable across a batch."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from queue import Empty
from typing import Any

from jupyter_client.asynchronous.client import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync

from ..errors import ReportError

__all__ = ["ReportClient", "ReportKernel", "report_kernel"]

QUIET = ["--IPKernelApp.log_level=ERROR"]  # its start-up notices are not the report's business
# What the report notebook's first cell imports, loaded before the kernel answers, while the
# parent imports papermill and reads the notebook.
PRELOAD = ("import pyarrow.parquet, IPython.display, "
           "patentstats.output.plots, patentstats.output.views, patentstats.output.narrative")
# A kept kernel starts each report as a fresh one would: empty namespace, cells numbered from 1.
RESET = "get_ipython().run_line_magic('reset', '-f'); get_ipython().execution_count = 1"


class ReportClient(AsyncKernelClient):
    """jupyter_client's client with a quicker readiness check."""

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        """Ready once a kernel_info request has its reply on shell and its status on iopub,
        which shows iopub is connected. jupyter_client then waits for iopub to stay silent for
        0.2 s; nbclient ignores iopub messages that are not its own, so that is idle time."""
        deadline = time.monotonic() + (timeout or 60)
        while time.monotonic() < deadline:
            asked = self.kernel_info()
            try:
                while (reply := await self.get_shell_msg(timeout=1))["parent_header"].get("msg_id") != asked:
                    pass
                while (await self.get_iopub_msg(timeout=0.2))["parent_header"].get("msg_id") != asked:
                    pass
            except Empty:  # not up yet, or iopub not yet subscribed: ask again
                if not await self.is_alive():
                    raise RuntimeError("the kernel died before it answered") from None
                continue
            self._handle_kernel_info_reply(reply)
            return
        raise RuntimeError(f"the kernel did not answer within {timeout} s")


class ReportKernel(AsyncKernelManager):
    """A python3 kernel that closes the clients it hands out once a run is over: nbclient
    leaves its client open on a kernel it does not own, and a batch would pile them up."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(kernel_name="python3", client_class="patentstats.output.kernel.ReportClient", **kwargs)
        self._clients: list[Any] = []

    def client(self, **kwargs: Any) -> Any:
        made = super().client(**kwargs)
        self._clients.append(made)
        return made

    def close_clients(self) -> None:
        while self._clients:
            self._clients.pop().stop_channels()

    def reset(self) -> None:
        """Clear what the last report left in the namespace; modules stay loaded."""
        client = self.client()
        client.start_channels()
        try:
            client.execute(RESET, silent=True, store_history=False)
            reply = run_sync(client.get_shell_msg)(timeout=60)
        finally:
            self.close_clients()
        if reply["content"]["status"] != "ok":
            raise ReportError(f"the kernel could not be reset: {reply['content'].get('evalue', '')}")

    def let_go(self) -> None:
        """Ask the kernel to exit; it does while the parent prints the PDF."""
        run_sync(self.request_shutdown)()


@contextmanager
def report_kernel(cwd: Path) -> Iterator[ReportKernel]:
    """A started report kernel, working in ``cwd``; stopped at the end (at once, if it has
    not already exited on request)."""
    kernel = ReportKernel()
    run_sync(kernel.start_kernel)(cwd=str(cwd), extra_arguments=[*QUIET, f"--IPKernelApp.exec_lines={PRELOAD}"])
    try:
        yield kernel
    finally:
        kernel.close_clients()
        run_sync(kernel.shutdown_kernel)(now=True)
