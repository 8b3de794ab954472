#include <iostream>

#include "retort/retort.hpp"

int main(int argc, char** argv) {
  auto engine = retort::create_engine(argc > 1 ? argv[1] : "sqlite://");
  auto conn = engine.connect();
  std::cout << "consumer: " << conn.execute("SELECT 6 * 7").scalar_as<int>().value_or(0) << '\n';
}
