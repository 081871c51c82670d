package org.utbackpack.host.utrex;

/** A fictional school; its LEA is carried along because enrollment rows name both. */
record School(String number, String name, Level level, String leaNumber, String leaName) {

    enum Level { ELEMENTARY, MIDDLE, HIGH }
}
