"""The open physical flow: a design's SystemVerilog mapped onto a real
standard-cell library and measured the way an ASIC is judged.

    SV --yosys--> netlist (JSON + Verilog) --area/roles--> area per engine and part
                        |--sta--> critical path, Fmax, SDF
                        |--sta + activity--> power at Fmax
                        |--gatesim--> gate-level and timing simulation (Icarus)
    SV --xilinx--> LUT / FF / DSP / BRAM

One purpose per file: `liberty` (the library and its power copy), `yosys`
(synthesis), `netlist` (reading the mapped netlist), `roles` (what each RTL
register is), `area`, `sta` (OpenSTA: timing, power), `activity` (switching
activity from simulation), `gatesim`, `xilinx`, `ppa` (the flow end to end
and the per-frame figures), `report` (table and JSON). The tools are
`asic-ppa` and `asic-sim --netlist / --activity`.
"""
