#pragma once
/** @file Timeline of one simulated step, for Chrome/Perfetto trace viewers. */
#include <string>
#include <vector>

namespace tcsim::engine {

/**
 * @brief Collects what representative ranks did during a step: spans on named tracks (one
 * process per pipeline stage or accelerator model, one thread per stream: compute,
 * collectives, sends). Times are simulated seconds.
 */
class TraceRecorder {
public:
  struct Span {
    std::string name;
    /** @brief Kind: "compute", "tp", "ep", "dp", "edp", "pp" (sends), "wait", "optimizer". */
    std::string category;
    int process = 0;
    int thread = 0;
    double start_s = 0;
    double duration_s = 0;
    /** @brief Extra fields shown by the viewer (algorithm, bytes, micro-batch), as JSON text. */
    std::string args_json;
  };

  /** @brief Names a process (e.g. "stage 3 (NPU 24)") and a thread of it (e.g. "compute"). */
  void name_process(int process, const std::string& name);
  void name_thread(int process, int thread, const std::string& name);
  void add(Span span);

  const std::vector<Span>& spans() const { return spans_; }
  const std::vector<std::pair<int, std::string>>& processes() const { return processes_; }
  const std::vector<std::pair<std::pair<int, int>, std::string>>& threads() const { return threads_; }

private:
  std::vector<Span> spans_;
  std::vector<std::pair<int, std::string>> processes_;
  std::vector<std::pair<std::pair<int, int>, std::string>> threads_;
};

}  // namespace tcsim::engine
