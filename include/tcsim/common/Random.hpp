#pragma once
/** @file A small, portable pseudo-random generator (the same draws on every platform and compiler). */
#include <cmath>
#include <cstdint>

namespace tcsim {

/**
 * @brief xoshiro256** (Blackman and Vigna 2018), seeded through splitmix64. The standard
 * library's distributions differ between implementations, so tcsim draws its own uniform and
 * exponential variates from the 64-bit output: reports stay byte-identical across builds.
 */
class Random {
public:
  explicit Random(std::uint64_t seed) {
    for (auto& word : state_) word = splitmix64(seed);
  }
  /** @brief A seed for stream `stream` of `seed` (Monte Carlo replica k uses stream k). */
  static std::uint64_t derive(std::uint64_t seed, std::uint64_t stream) {
    std::uint64_t x = seed ^ (0x9E3779B97F4A7C15ULL * (stream + 1));
    return splitmix64(x);
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }
  /** @brief Uniform in [0, 1), 53 random bits. */
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  /** @brief Exponential with mean 1. */
  double exponential() { return -std::log1p(-uniform()); }
  /** @brief Uniform integer in [0, n), n > 0 (Lemire's multiply-shift; bias below 2^-64 n). */
  std::uint64_t below(std::uint64_t n) {
    return static_cast<std::uint64_t>((static_cast<unsigned __int128>(next()) * n) >> 64);
  }

private:
  static std::uint64_t splitmix64(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

  std::uint64_t state_[4];
};

}  // namespace tcsim
