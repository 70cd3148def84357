module example.com/intervals_test

go 1.19

require example.com/intervals v0.0.0

replace example.com/intervals => ../solution
