// expect: none
package build

import "os/exec"

func Vet(dir string) error {
	cmd := exec.Command("go", "vet", "./...")
	cmd.Dir = dir
	return cmd.Run()
}
