#pragma once
/** @file Runs validation cases and scores the predictions. */
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tcsim/validation/ValidationCase.hpp"

namespace tcsim::validation {

/** @brief Every case with its prediction and error, and the summary statistics. */
struct ValidationRun {
  struct Row {
    ValidationCase input;
    double predicted = 0;
    /** @brief predicted / measured - 1 (signed). */
    double error = 0;
    /** @brief Simulator wall time for the row, in seconds. */
    double wall_s = 0;
    /** @brief Set when the run failed (the message) or was skipped. */
    std::string failure;
    /** @brief The failure was bad input (the reference row or a file under the root), not a bug. */
    bool failure_is_input_error = false;
    bool scored() const { return input.skipped.empty() && failure.empty(); }
    bool failed() const { return input.skipped.empty() && !failure.empty(); }
  };
  /** @brief Median and worst absolute error over some scored rows. */
  struct Summary {
    std::size_t scored = 0;
    double median_abs_error = 0;
    double worst_abs_error = 0;
  };
  std::vector<Row> rows;
  /** @brief Median and worst absolute error over the scored rows. */
  double median_abs_error = 0;
  double worst_abs_error = 0;
  std::size_t scored = 0;
  /** @brief The same per family of rows ("resnet50", "gpu-llm", "ascend-llm"), in that order. */
  std::vector<std::pair<std::string, Summary>> families;

  /** @brief The family a dataset's rows belong to: ResNet-50 (MLPerf), GPU LLM (Megatron and public runs), Ascend LLM. */
  static std::string family_of(const std::string& dataset);

  /**
   * @brief Runs each case in a child process (SimGrid allows one platform per process), with
   * paths relative to `root`, at most `jobs` at a time.
   */
  static ValidationRun execute(const std::vector<ValidationCase>& cases, const std::string& root, int jobs);
};

}  // namespace tcsim::validation
