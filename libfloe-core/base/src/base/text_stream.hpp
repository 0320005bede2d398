// An input stream over text already in memory, without copying it: yaml-cpp's
// parser reads from a std::istream, and a std::istringstream would copy a
// 16 MiB input file twice.
#pragma once

#include <istream>
#include <streambuf>
#include <string_view>

namespace floe {

class TextStreamBuffer : public std::streambuf {
 public:
  explicit TextStreamBuffer(std::string_view text) {
    char* begin = const_cast<char*>(text.data());  // only ever read: the get area
    setg(begin, begin, begin + text.size());
  }
};

}  // namespace floe
